// The plan change dialog's words: one statement of when a change applies, dates as the app formats
// them (never ISO), and leaving Enterprise says that auto top-up stops.
import { describe, expect, it } from "vitest";
import { describePlanChange } from "@/lib/billing/subscriptions";

const NEXT_GRANT = new Date("2026-12-07T05:00:00Z");
const enterprise = {
  plan: "enterprise",
  subscriptionStatus: "active" as const,
  nextSubscriptionGrantAt: NEXT_GRANT,
  timeZone: "America/New_York",
  cancelAtTermEnd: false,
};

describe("describePlanChange", () => {
  it("says when a downgrade applies once, as a formatted date in the workspace's zone", () => {
    const change = describePlanChange(enterprise, "pro");
    expect(change.when).toBe("On Dec 7, 2026, at your next monthly grant.");
    for (const text of [change.summary, change.when, change.autoTopUp])
      expect(text ?? "").not.toMatch(/\d{4}-\d{2}-\d{2}/);
    // The summary is about credits only: the date is said once, in `when`.
    expect(change.summary).not.toMatch(/Dec 7|next monthly grant/);
  });

  it("in the workspace's zone: 00:30 UTC on the 7th is still the 6th in New York", () => {
    const change = describePlanChange(
      { ...enterprise, nextSubscriptionGrantAt: new Date("2026-12-07T00:30:00Z") },
      "starter",
    );
    expect(change.when).toBe("On Dec 6, 2026, at your next monthly grant.");
  });

  it("leaving Enterprise says auto top-up stops, and when", () => {
    expect(describePlanChange(enterprise, "pro").autoTopUp).toBe(
      "Auto top-up stops on Dec 7, 2026: only Enterprise includes it. Buying credits by hand keeps working.",
    );
    expect(describePlanChange({ ...enterprise, cancelAtTermEnd: true }, "starter").autoTopUp).toBe(
      "Auto top-up stops when Starter starts: only Enterprise includes it. Buying credits by hand keeps working.",
    );
  });

  it("says nothing of auto top-up for changes that keep or never had it", () => {
    const pro = { ...enterprise, plan: "pro" };
    expect(describePlanChange(pro, "enterprise")).toMatchObject({
      kind: "upgrade",
      when: "Today.",
      autoTopUp: null,
    });
    expect(describePlanChange(pro, "starter").autoTopUp).toBeNull();
    expect(
      describePlanChange({ ...pro, subscriptionStatus: "none" as const, plan: "free" }, "enterprise"),
    ).toMatchObject({
      kind: "start",
      when: "Today, once the payment goes through.",
      autoTopUp: null,
    });
  });
});
