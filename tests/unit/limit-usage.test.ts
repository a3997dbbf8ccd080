import { describe, expect, it } from "vitest";
import {
  countedUsage,
  overLimitReason,
  uncountedNote,
  usedShare,
  type LimitUsage,
} from "@/components/members/limit-usage";

const month = (change: Partial<LimitUsage>): LimitUsage => ({
  used: 0,
  uncounted: 0,
  limit: 1_000,
  limitSet: null,
  ...change,
});

describe("usage against a monthly limit, in words", () => {
  it("never gives a share above 100%: a month over its limit is explained instead", () => {
    const lowered = month({ used: 1_200, limitSet: { at: "2026-12-03T09:00:00Z", usedBefore: 1_100 } });
    expect(usedShare(lowered)).toBe(1);
    expect(overLimitReason(lowered, "UTC")).toBe(
      "1,200 of 1,000 credits — over the limit set on Dec 3, 2026, after 1,100 were already used",
    );
    expect(overLimitReason(month({ used: 1_200 }), "UTC")).toBe(
      "1,200 of 1,000 credits — over the limit by 200, used before it applied",
    );
  });

  it("says nothing extra within the limit, or without one", () => {
    expect(overLimitReason(month({ used: 1_000 }), "UTC")).toBeNull();
    expect(usedShare(month({ used: 250 }))).toBe(0.25);
    expect(overLimitReason(month({ used: 5_000, limit: null }), "UTC")).toBeNull();
    expect(usedShare(month({ limit: null }))).toBeNull();
    expect(usedShare(month({ limit: 0 }))).toBe(1);
  });

  it("counts only what a limit that started from now left in, and says what it set aside", () => {
    const fromNow = month({
      used: 1_500,
      uncounted: 1_100,
      limitSet: { at: "2026-12-03T09:00:00Z", usedBefore: 1_100 },
    });
    expect(countedUsage(fromNow)).toBe(400);
    expect(usedShare(fromNow)).toBe(0.4);
    expect(overLimitReason(fromNow, "UTC")).toBeNull();
    expect(uncountedNote(fromNow, "UTC")).toBe(
      "Counting from Dec 3, 2026: 1,100 credits used before the limit was set don't count",
    );
    expect(uncountedNote(month({ used: 10 }), "UTC")).toBeNull();
  });
});
