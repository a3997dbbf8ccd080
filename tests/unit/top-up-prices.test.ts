// The one price table of top-up credits (lib/billing/top-ups.ts): volume pricing without cliffs, the
// issue's examples, and USD <-> credits both ways, so what a dialog shows is what the server charges.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { dollarsText, parseDollars, parseWholeNumber } from "@/lib/billing/amount-input";
import { autoTopUpPriceCents } from "@/lib/billing/auto-top-up";
import {
  BUNDLES,
  MAX_PURCHASE_CENTS,
  MAX_PURCHASE_CREDITS,
  MIN_PURCHASE_CENTS,
  MIN_PURCHASE_CREDITS,
  PRICE_TIERS,
  PURCHASE_STEP,
  describePriceTiers,
  listValueCents,
  quoteForCents,
  quoteTopUp,
  savingPercent,
} from "@/lib/billing/top-ups";
import { startPurchaseInput } from "@/lib/validation/credits";

function price(credits: number): number {
  const result = quoteTopUp(credits);
  if (!result.ok) throw new Error(`${credits}: ${result.error.message}`);
  return result.quote.priceCents;
}

/** Every purchasable amount, smallest first. */
const AMOUNTS = Array.from(
  { length: (MAX_PURCHASE_CREDITS - MIN_PURCHASE_CREDITS) / PURCHASE_STEP + 1 },
  (_, index) => MIN_PURCHASE_CREDITS + index * PURCHASE_STEP,
);

/** The rule as the issue states it, written independently of the module: rates in cents a credit. */
function stated(n: number): number {
  const rate = (credits: number) => (credits >= 100_000 ? 0.9 : credits >= 25_000 ? 0.95 : 1);
  const higher = [25_000, 100_000].filter((threshold) => threshold > n).map((t) => Math.round(t * rate(t)));
  return Math.min(Math.round(n * rate(n)), ...higher);
}

describe("top-up prices", () => {
  it("prices the issue's examples at the best tier reached, without cliffs", () => {
    expect(price(100_000)).toBe(90_000); // $900
    expect(price(100_100)).toBe(90_090); // was $1,001
    expect(price(25_000)).toBe(23_750); // $237.50
    expect(price(30_000)).toBe(28_500); // was $300
    expect(price(300_000)).toBe(270_000); // the auto top-up that charged $3,000
    expect(autoTopUpPriceCents(300_000)).toBe(270_000);
    expect(price(1_000)).toBe(1_000);
    expect(price(5_000)).toBe(5_000);
    expect(price(1_000_000)).toBe(900_000);
    // Just under a threshold the threshold's price caps the amount's own.
    expect(price(23_700)).toBe(23_700);
    expect(price(24_000)).toBe(23_750);
    expect(price(94_700)).toBe(89_965);
    expect(price(94_800)).toBe(90_000);
  });

  it("matches the stated rule at every step from the minimum to the maximum", () => {
    for (const n of AMOUNTS) expect(price(n), `${n} credits`).toBe(stated(n));
  });

  it("never charges less for more, and never more per credit for more (every step)", () => {
    for (let i = 1; i < AMOUNTS.length; i += 1) {
      const [smaller, larger] = [AMOUNTS[i - 1] ?? 0, AMOUNTS[i] ?? 0];
      const [p, q] = [price(smaller), price(larger)];
      expect(Number.isSafeInteger(p)).toBe(true);
      expect(q, `${larger} credits cost less than ${smaller}`).toBeGreaterThanOrEqual(p);
      // p / smaller >= q / larger, in integers.
      expect(p * larger, `${larger} credits cost more per credit than ${smaller}`).toBeGreaterThanOrEqual(
        q * smaller,
      );
    }
  });

  it("holds both properties for any two amounts, near or far apart (fast-check)", () => {
    const index = fc.integer({ min: 0, max: AMOUNTS.length - 1 });
    // Far apart, or a few steps apart (where a cliff at a threshold would show).
    const pair = fc.oneof(
      fc.tuple(index, index),
      fc
        .tuple(index, fc.integer({ min: 1, max: 60 }))
        .map(([i, gap]) => [i, Math.min(i + gap, AMOUNTS.length - 1)]),
    );
    fc.assert(
      fc.property(pair, ([i, j]) => {
        const [n, m] = [AMOUNTS[Math.min(i, j)] ?? 0, AMOUNTS[Math.max(i, j)] ?? 0];
        expect(price(m)).toBeGreaterThanOrEqual(price(n));
        expect(price(n) * m).toBeGreaterThanOrEqual(price(m) * n);
      }),
      { numRuns: 5_000 },
    );
  });

  it("quotes list price, the saving and the larger amount that costs the same", () => {
    expect(quoteTopUp(24_000)).toEqual({
      ok: true,
      quote: {
        credits: 24_000,
        priceCents: 23_750,
        listPriceCents: 24_000,
        savingCents: 250,
        sameForMore: 25_000,
        bundle: null,
      },
    });
    const quote = quoteTopUp(100_000);
    expect(quote.ok && quote.quote).toMatchObject({ savingCents: 10_000, sameForMore: null });
    expect(quote.ok && quote.quote.bundle?.label).toBe("Production pack");
    expect(quoteTopUp(20_000).ok && quoteTopUp(20_000)).toMatchObject({
      quote: { savingCents: 0, sameForMore: null },
    });
  });

  it("refuses amounts outside the bounds or between steps", () => {
    for (const bad of [0, 900, 1_000_100, -1_000, 1_050, 1_000.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(quoteTopUp(bad).ok, String(bad)).toBe(false);
    }
    expect(quoteTopUp(900)).toMatchObject({ ok: false, error: { code: "out_of_range" } });
    expect(quoteTopUp(1_050)).toMatchObject({ ok: false, error: { code: "not_a_step" } });
  });

  it("prices the bundles from the table", () => {
    expect(BUNDLES.map((b) => [b.credits, b.priceCents])).toEqual([
      [5_000, 5_000],
      [25_000, 23_750],
      [100_000, 90_000],
    ]);
    for (const tier of PRICE_TIERS.slice(1))
      expect(BUNDLES.some((b) => b.credits === tier.fromCredits)).toBe(true);
    expect(describePriceTiers()).toBe("1¢ a credit; 0.95¢ from 25,000 credits; 0.9¢ from 100,000 credits");
    expect(savingPercent(1_250, 25_000)).toBe(5);
    expect(savingPercent(50, 23_800)).toBe(0);
  });
});

describe("a balance in USD", () => {
  it("is its value at list price, one cent a credit, in whole cents", () => {
    expect(listValueCents(0)).toBe(0);
    expect(listValueCents(1)).toBe(1);
    expect(listValueCents(99)).toBe(99);
    expect(listValueCents(12_345)).toBe(12_345);
    expect(listValueCents(250_000_000_000)).toBe(250_000_000_000);
  });
});

describe("USD -> credits", () => {
  it("buys the most credits the amount covers, and never charges more than it", () => {
    expect(MIN_PURCHASE_CENTS).toBe(1_000);
    expect(MAX_PURCHASE_CENTS).toBe(900_000);
    for (let cents = MIN_PURCHASE_CENTS; cents <= MAX_PURCHASE_CENTS; cents += 1) {
      const result = quoteForCents(cents);
      if (!result.ok) throw new Error(`${cents}: ${result.error.message}`);
      const { credits, priceCents } = result.quote;
      if (priceCents > cents) throw new Error(`${cents} cents charged ${priceCents}`);
      if (credits < MAX_PURCHASE_CREDITS && price(credits + PURCHASE_STEP) <= cents)
        throw new Error(`${cents} cents could buy more than ${credits} credits`);
    }
  });

  it("turns the issue's amounts into credits", () => {
    const credits = (cents: number) => {
      const result = quoteForCents(cents);
      return result.ok ? [result.quote.credits, result.quote.priceCents] : result.error.message;
    };
    expect(credits(5_000)).toEqual([5_000, 5_000]);
    expect(credits(1_234)).toEqual([1_200, 1_200]);
    expect(credits(23_750)).toEqual([25_000, 23_750]);
    expect(credits(23_749)).toEqual([23_700, 23_700]);
    expect(credits(90_000)).toEqual([100_000, 90_000]);
    expect(credits(270_000)).toEqual([300_000, 270_000]);
    expect(credits(999)).toBe("Spend between $10.00 and $9,000.00.");
    expect(credits(900_001)).toBe("Spend between $10.00 and $9,000.00.");
    expect(quoteForCents(1_000.5).ok).toBe(false);
  });

  it("credits -> price -> credits comes back to the same price (shown = charged)", () => {
    for (const n of AMOUNTS) {
      const back = quoteForCents(price(n));
      if (!back.ok || back.quote.priceCents !== price(n) || back.quote.credits < n)
        throw new Error(`${n} credits did not come back from their price`);
      // Only where one more step costs the same (a capped range) can it come back as more credits.
      const isFlat = n < MAX_PURCHASE_CREDITS && price(n + PURCHASE_STEP) === price(n);
      if (!isFlat && back.quote.credits !== n)
        throw new Error(`${n} credits came back as ${back.quote.credits}`);
    }
  });
});

describe("amount fields", () => {
  it("reads and writes dollars and credits with integer arithmetic", () => {
    expect(parseDollars("$1,250.5")).toBe(125_050);
    expect(parseDollars("12.")).toBe(1_200);
    expect(parseDollars("0.07")).toBe(7);
    expect(parseDollars("")).toBeNull();
    expect(parseDollars("12.345")).toBeNaN();
    expect(parseDollars("1e3")).toBeNaN();
    expect(dollarsText(125_050)).toBe("1250.50");
    expect(dollarsText(500_000)).toBe("5000");
    expect(dollarsText(null)).toBe("");
    expect(parseWholeNumber("12,500")).toBe(12_500);
    expect(parseWholeNumber("12.5")).toBeNull();
  });
});

describe("Purchase Credits input", () => {
  const workspaceId = "7d0f3a8e-3c1b-4a7e-9f57-2f1f0d1e2c3b";
  const parse = (input: object) => startPurchaseInput.safeParse({ workspaceId, ...input });

  it("takes a number of credits or an amount in USD, exactly one, within bounds", () => {
    expect(parse({ credits: 25_000 }).success).toBe(true);
    expect(parse({ amountCents: 23_750, shownPriceCents: 23_750 }).success).toBe(true);
    expect(parse({}).success).toBe(false);
    expect(parse({ credits: 25_000, amountCents: 23_750 }).success).toBe(false);
    expect(parse({ amountCents: 999 }).success).toBe(false);
    expect(parse({ amountCents: 900_001 }).success).toBe(false);
    expect(parse({ amountCents: 1_000.5 }).success).toBe(false);
    expect(parse({ amountCents: "5000" }).success).toBe(false);
    expect(parse({ credits: 5_000, shownPriceCents: -1 }).success).toBe(false);
  });
});
