import { afterEach, describe, expect, it } from "vitest";
import { getClock, manualClock, setClock, systemClock } from "@/lib/clock";

afterEach(() => setClock(systemClock));

describe("clock", () => {
  it("stands still until moved, and hands out copies", () => {
    const clock = manualClock("2026-02-28T23:59:59.999Z");
    const a = clock.now();
    a.setFullYear(2000);
    expect(clock.now().toISOString()).toBe("2026-02-28T23:59:59.999Z");
    clock.advance(1);
    expect(clock.now().toISOString()).toBe("2026-03-01T00:00:00.000Z");
    clock.set("2027-01-01T00:00:00Z");
    expect(clock.now().getUTCFullYear()).toBe(2027);
  });

  it("is injectable process-wide", () => {
    const clock = manualClock("2030-05-05T05:05:05Z");
    setClock(clock);
    expect(getClock().now().toISOString()).toBe("2030-05-05T05:05:05.000Z");
  });
});
