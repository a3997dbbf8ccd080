import { describe, expect, it } from "vitest";
import { describeFailure } from "@/lib/ledger/messages";

describe("refusal messages", () => {
  it("say what was hit, what is left, when it resets and who can change it", () => {
    expect(
      describeFailure("member_limit_reached", {
        limit: 5000,
        remaining: 120,
        required: 210,
        resetsAt: "2026-04-01T04:00:00Z",
      }),
    ).toBe(
      "Monthly credit limit reached: 120 credits of this member's 5,000 credits limit are left and this needs 210 credits. The limit resets 2026-04-01T04:00:00Z; an owner or admin can raise it in Manage Access.",
    );
    expect(
      describeFailure("insufficient_credits", { required: 60, available: 40, freeCreditsExcluded: true }),
    ).toMatch(
      /needs 60 credits and 40 credits are available \(free credits can't pay for pro models\)\. An owner or admin can purchase credits\./,
    );
    expect(describeFailure("subscription_required", {})).toMatch(/active subscription/);
    expect(
      describeFailure("credits_owed", { owed: 1200, settleUrlPath: "/settings/billing?buy=credits" }),
    ).toBe(
      "This workspace owes 1,200 credits: a payment for credits was refunded or disputed after its credits were used. Nothing can be spent until the debt is paid off; an owner or admin can buy credits (the purchase pays the debt first).",
    );
    expect(
      describeFailure("key_budget_reached", {
        cap: 1000,
        remaining: 20,
        required: 50,
        resetsAt: "2026-04-01",
      }),
    ).toBe(
      "This API key's monthly credit cap is reached: 20 credits of its 1,000 credits cap are left and this needs 50 credits. The cap resets 2026-04-01; an owner or admin can raise it on the API keys page.",
    );
    expect(describeFailure("model_not_allowed", { feature: "video", model: "veo" })).toMatch(
      /may not be used for "video" with model "veo".*API keys page/,
    );
    expect(describeFailure("topup_not_allowed", { required: 40, available: 30 })).toMatch(
      /may not use top-up \(bought\) credits.*\(30 credits\).*40 credits.*Manage Access/,
    );
  });
});
