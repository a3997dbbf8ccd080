// npm run test:scale never waits without a deadline: `within` fails naming what it waited for and
// what each load client was doing (run 2 of session 11 hung after its load and said nothing).
import { afterEach, expect, it } from "vitest";
import { DeadlineError, pendingWaits, progress, within } from "../../scripts/scale/waits";

afterEach(() => progress.clear());

it("resolves as the work does, and forgets the wait", async () => {
  await expect(within("a quick answer", 1_000, Promise.resolve(7))).resolves.toBe(7);
  await expect(within("a refusal", 1_000, () => Promise.reject(new Error("no")))).rejects.toThrow("no");
  expect(pendingWaits()).toEqual([]);
});

it("fails after its deadline naming what it waited for and what the clients were doing", async () => {
  progress.set("load client 3", "purchase: record the test-mode payment (database)");
  progress.set("batch client", "idle");
  const never = new Promise<never>(() => {});
  const waiting = within("the fault suite's load clients to finish", 50, never);
  expect(pendingWaits()).toEqual([
    expect.stringMatching(/^the fault suite's load clients to finish \(0 s of 0 s\)$/),
  ]);
  const error = await waiting.catch((e: unknown) => e);
  expect(error).toBeInstanceOf(DeadlineError);
  expect(String((error as Error).message)).toBe(
    "timed out after 50 ms waiting for the fault suite's load clients to finish; clients busy: load client 3: purchase: record the test-mode payment (database)",
  );
  expect(pendingWaits()).toEqual([]);
});
