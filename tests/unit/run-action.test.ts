import { describe, expect, it } from "vitest";
import type { ActionResult } from "@/lib/actions/action-client";
import { runAction, runFormAction, type ActionFormState } from "@/components/ui/run-action";

/** A form's state as a log of what was set, in order. */
function recordingState() {
  const log: string[] = [];
  const state: ActionFormState = {
    setPending: (pending) => log.push(`pending ${pending}`),
    setMessage: (message) => log.push(`message ${message}`),
    setFieldErrors: (fieldErrors) => log.push(`fieldErrors ${JSON.stringify(fieldErrors)}`),
  };
  return { log, state };
}

const succeeds = async (): Promise<ActionResult<number>> => ({ ok: true, data: 7 });
const refuses = async (): Promise<ActionResult<number>> => ({
  ok: false,
  error: { code: "invalid_input", message: "Check the name.", fieldErrors: { name: ["Too long."] } },
});
const drops = async (): Promise<ActionResult<number>> => {
  throw new TypeError("Failed to fetch");
};

describe("runAction", () => {
  it("turns a dropped connection into a failure the form can show", async () => {
    const result = await runAction(drops);
    expect(result).toEqual({
      ok: false,
      error: {
        code: "network",
        message: "We couldn't reach the server. Check your connection and try again.",
      },
    });
  });
});

describe("runFormAction", () => {
  it("clears the last failure, is pending while it runs and not after a success", async () => {
    const { log, state } = recordingState();
    const result = await runFormAction(state, succeeds);
    expect(result).toEqual({ ok: true, data: 7 });
    expect(log).toEqual(["pending true", "message null", "fieldErrors {}", "pending false"]);
  });

  it("stays pending after a success with keepPending, for a caller that leaves the page", async () => {
    const { log, state } = recordingState();
    await runFormAction(state, succeeds, { keepPending: true });
    expect(log.at(-1)).toBe("fieldErrors {}");
    expect(log).not.toContain("pending false");
  });

  it("shows a refusal's message and field errors, and ends pending even with keepPending", async () => {
    const { log, state } = recordingState();
    const result = await runFormAction(state, refuses, { keepPending: true });
    expect(result.ok).toBe(false);
    expect(log.slice(3)).toEqual([
      "message Check the name.",
      'fieldErrors {"name":["Too long."]}',
      "pending false",
    ]);
  });

  it("shows the network message when the action cannot be reached", async () => {
    const { log, state } = recordingState();
    await runFormAction(state, drops);
    expect(log).toContain("message We couldn't reach the server. Check your connection and try again.");
    expect(log.at(-1)).toBe("pending false");
  });
});
