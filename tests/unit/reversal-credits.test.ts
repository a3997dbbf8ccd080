// The share of a payment's credits a refund or a lost dispute takes back, and what owners are told.
import { describe, expect, it } from "vitest";
import { describeCreditEvent } from "@/lib/notifications/messages";
import { creditsDueBack, lostDisputeCredits, refundCredits } from "@/lib/payments/reversal-credits";

describe("refund credits", () => {
  it("partial refunds add up to exactly the payment's credits, whatever the split", () => {
    for (const [credits, amountCents] of [
      [1_000, 3_000],
      [999, 1_000],
      [7, 9_999],
      [123_456_789, 7],
    ] as const) {
      let cents = 0;
      let taken = 0;
      for (const part of [1, 2, 3, amountCents]) {
        const refund = Math.min(part, amountCents - cents);
        if (refund <= 0) break;
        taken += refundCredits(
          { credits, amountCents },
          { centsBefore: cents, amountCents: refund, creditsBefore: taken },
        );
        cents += refund;
      }
      expect(taken).toBe(credits);
    }
  });

  it("rounds down each cumulative share and never passes the payment's credits", () => {
    expect(creditsDueBack({ credits: 1_000, amountCents: 3_000 }, 1_000)).toBe(333);
    expect(creditsDueBack({ credits: 1_000, amountCents: 3_000 }, 9_999)).toBe(1_000);
    expect(creditsDueBack({ credits: 1_000, amountCents: 0 }, 10)).toBe(0);
    // Products past 2^53 stay exact.
    expect(creditsDueBack({ credits: 9_000_000_000_000, amountCents: 3 }, 2)).toBe(6_000_000_000_000);
  });

  it("a lost dispute takes only what the refunds left", () => {
    expect(
      lostDisputeCredits(
        { credits: 1_000, amountCents: 3_000 },
        { amountCents: 2_000, creditsAlreadyTaken: 333 },
      ),
    ).toBe(666);
    expect(
      lostDisputeCredits(
        { credits: 1_000, amountCents: 1_000 },
        { amountCents: 1_000, creditsAlreadyTaken: 900 },
      ),
    ).toBe(100);
  });
});

describe("refund and dispute notifications", () => {
  it("say what was taken back and what is owed", () => {
    const refunded = describeCreditEvent("credit_purchase_refunded", {
      amountCents: 1_000,
      currency: "usd",
      credits: 1_000,
      owed: 600,
    });
    expect(refunded.title).toBe("Payment refunded");
    expect(refunded.body).toBe(
      "A refund of $10.00 took back 1,000 credits; 600 of them were already spent and are owed: spending is paused until new credits pay them.",
    );
    expect(
      describeCreditEvent("credit_purchase_disputed", { status: "open", amountCents: 500, held: 500 }).body,
    ).toBe("The cardholder disputed $5.00: 500 credits are held until the dispute is decided.");
    expect(
      describeCreditEvent("credit_purchase_disputed", { status: "won", amountCents: 500, released: 500 })
        .title,
    ).toBe("Dispute won");
    expect(describeCreditEvent("credit_purchase_disputed", { status: "lost", credits: 500 }).body).toBe(
      "The dispute of a payment was lost: 500 credits were taken back.",
    );
  });
});
