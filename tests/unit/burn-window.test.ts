// The forecast's burn window: the last 14 local days, today included, as of the clock's instant.
import { describe, expect, it } from "vitest";
import { BURN_WINDOW_DAYS, burnWindow } from "@/lib/analytics/credit-forecast";
import { eachDay } from "@/lib/analytics/range";
import { manualClock } from "@/lib/clock";

describe("burnWindow", () => {
  it("ends today, so a morning's spending counts", () => {
    const clock = manualClock(new Date("2026-03-10T08:30:00Z"));
    const window = burnWindow(clock.now(), "UTC");
    expect(window).toEqual({ from: "2026-02-25", to: "2026-03-10" });
    expect(eachDay(window.from, window.to)).toHaveLength(BURN_WINDOW_DAYS);
  });

  it("counts days in the workspace's time zone", () => {
    // 02:00 UTC on the 10th is still the 9th in New York.
    const clock = manualClock(new Date("2026-03-10T02:00:00Z"));
    expect(burnWindow(clock.now(), "America/New_York")).toEqual({ from: "2026-02-24", to: "2026-03-09" });
    clock.advance(6 * 3_600_000);
    expect(burnWindow(clock.now(), "America/New_York").to).toBe("2026-03-10");
  });
});
