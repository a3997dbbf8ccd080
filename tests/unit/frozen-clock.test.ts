import { afterEach, describe, expect, it, vi } from "vitest";
import { getClock, setClock, systemClock } from "@/lib/clock";

// lib/env.ts reads the environment once, at import: each case imports it afresh.
async function freezeWith(value: string | undefined) {
  vi.resetModules();
  vi.stubEnv("CREDITPOOL_FROZEN_AT", value);
  const { freezeClockFromEnv } = await import("@/lib/frozen-clock");
  const messages: string[] = [];
  const at = freezeClockFromEnv((message) => messages.push(message));
  return { at, messages };
}

afterEach(() => {
  vi.unstubAllEnvs();
  setClock(systemClock);
});

describe("CREDITPOOL_FROZEN_AT", () => {
  it("stands the process clock still at that instant, and warns that it is not for production", async () => {
    const { at, messages } = await freezeWith("2026-11-18T10:30:00Z");
    expect(at?.toISOString()).toBe("2026-11-18T10:30:00.000Z");
    expect(getClock().now().toISOString()).toBe("2026-11-18T10:30:00.000Z");
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(getClock().now().toISOString()).toBe("2026-11-18T10:30:00.000Z");
    expect(messages).toEqual([expect.stringMatching(/never set it in production/)]);
  });

  it("leaves the system clock alone when unset", async () => {
    const { at, messages } = await freezeWith(undefined);
    expect(at).toBeNull();
    expect(messages).toEqual([]);
    expect(Math.abs(getClock().now().getTime() - Date.now())).toBeLessThan(1_000);
  });

  it("refuses an instant that is not ISO 8601", async () => {
    await expect(freezeWith("next tuesday")).rejects.toThrow(/CREDITPOOL_FROZEN_AT/);
  });
});
