// What top-up credits cost: the one price table. Pure, so the Purchase Credits dialog, the Auto Top Up
// dialog, the Credits card and the server all price from it, and what is shown is what is charged.

export const MIN_PURCHASE_CREDITS = 1_000;
export const MAX_PURCHASE_CREDITS = 1_000_000;
/** Amounts come in steps of 100 credits, so every tier's price is whole cents. */
export const PURCHASE_STEP = 100;
export const CURRENCY = "usd";

export type PriceTier = {
  /** The smallest amount priced at this tier. */
  fromCredits: number;
  /** What one step of PURCHASE_STEP credits costs at this tier, in cents. */
  centsPerStep: number;
};

/**
 * Volume pricing: list price is one US cent a credit; from 25,000 credits every credit costs 0.95¢ and
 * from 100,000 credits 0.9¢. Thresholds rise and rates fall; the first tier is list price.
 */
export const PRICE_TIERS: readonly PriceTier[] = [
  { fromCredits: 0, centsPerStep: 100 },
  { fromCredits: 25_000, centsPerStep: 95 },
  { fromCredits: 100_000, centsPerStep: 90 },
];

const LIST_TIER = PRICE_TIERS[0] ?? { fromCredits: 0, centsPerStep: PURCHASE_STEP };

/** `credits` (a multiple of the step) at one tier's rate. */
function atRate(credits: number, tier: PriceTier): number {
  return (credits / PURCHASE_STEP) * tier.centsPerStep;
}

/** The best tier `credits` reaches. */
function tierOf(credits: number): PriceTier {
  return PRICE_TIERS.findLast((tier) => tier.fromCredits <= credits) ?? LIST_TIER;
}

/**
 * The price in cents of `credits` (a valid amount: within bounds, a multiple of the step). Any amount
 * is priced at the best tier it reaches, and never above what a higher tier's threshold costs:
 *   price(n) = min(n · rate(n), min over thresholds T > n of T · rate(T))
 * so buying more never costs less, and the price per credit never rises with the amount.
 */
function priceOf(credits: number): number {
  let price = atRate(credits, tierOf(credits));
  for (const tier of PRICE_TIERS) {
    if (tier.fromCredits > credits) price = Math.min(price, atRate(tier.fromCredits, tier));
  }
  return price;
}

/**
 * What `credits` are worth at list price, in whole cents (rounded down): how the Credits card states a
 * balance in USD. Any number of credits, not only purchasable amounts.
 */
export function listValueCents(credits: number): number {
  const steps = Math.floor(credits / PURCHASE_STEP);
  const rest = credits - steps * PURCHASE_STEP;
  return steps * LIST_TIER.centsPerStep + Math.floor((rest * LIST_TIER.centsPerStep) / PURCHASE_STEP);
}

export type Bundle = { credits: number; priceCents: number; label: string };

/** The dialog's ready-made amounts: the tier thresholds and a small one, priced from the table. */
export const BUNDLES: readonly Bundle[] = [
  { credits: 5_000, label: "Starter pack" },
  { credits: 25_000, label: "Studio pack" },
  { credits: 100_000, label: "Production pack" },
].map((bundle) => ({ ...bundle, priceCents: priceOf(bundle.credits) }));

/** The cheapest and dearest purchases, in cents: the bounds of an amount given in USD. */
export const MIN_PURCHASE_CENTS = priceOf(MIN_PURCHASE_CREDITS);
export const MAX_PURCHASE_CENTS = priceOf(MAX_PURCHASE_CREDITS);

export type Quote = {
  credits: number;
  priceCents: number;
  /** The same credits at list price (one cent a credit). */
  listPriceCents: number;
  /** List price minus price: what volume pricing saves. */
  savingCents: number;
  /** A larger amount that costs the same (the threshold whose price caps this one), or null. */
  sameForMore: number | null;
  bundle: Bundle | null;
};

export type QuoteError = { code: "out_of_range" | "not_a_step"; message: string };

type QuoteResult = { ok: true; quote: Quote } | { ok: false; error: QuoteError };

/** The price of `credits` top-up credits, with the saving against list price. */
export function quoteTopUp(credits: number): QuoteResult {
  if (!Number.isSafeInteger(credits) || credits < MIN_PURCHASE_CREDITS || credits > MAX_PURCHASE_CREDITS) {
    return {
      ok: false,
      error: {
        code: "out_of_range",
        message: `Buy between ${MIN_PURCHASE_CREDITS.toLocaleString("en-US")} and ${MAX_PURCHASE_CREDITS.toLocaleString("en-US")} credits.`,
      },
    };
  }
  if (credits % PURCHASE_STEP !== 0) {
    return { ok: false, error: { code: "not_a_step", message: `Buy credits in steps of ${PURCHASE_STEP}.` } };
  }
  const priceCents = priceOf(credits);
  const listPriceCents = listValueCents(credits);
  const cap = PRICE_TIERS.find(
    (tier) => tier.fromCredits > credits && atRate(tier.fromCredits, tier) === priceCents,
  );
  return {
    ok: true,
    quote: {
      credits,
      priceCents,
      listPriceCents,
      savingCents: listPriceCents - priceCents,
      sameForMore: cap ? cap.fromCredits : null,
      bundle: BUNDLES.find((b) => b.credits === credits) ?? null,
    },
  };
}

/**
 * The most credits `cents` buys: the largest valid amount whose price is at most `cents`. A USD amount
 * is turned into credits this way, so the price charged is never more than the amount given (it is
 * less when the amount falls between two steps' prices: $12.34 buys 1,200 credits for $12.00).
 */
export function quoteForCents(cents: number): QuoteResult {
  if (!Number.isSafeInteger(cents) || cents < MIN_PURCHASE_CENTS || cents > MAX_PURCHASE_CENTS) {
    return {
      ok: false,
      error: {
        code: "out_of_range",
        message: `Spend between ${formatCents(MIN_PURCHASE_CENTS)} and ${formatCents(MAX_PURCHASE_CENTS)}.`,
      },
    };
  }
  // The price never falls as the amount grows, so the steps can be searched by halving.
  let low = MIN_PURCHASE_CREDITS / PURCHASE_STEP; // priced at or under `cents`
  let high = MAX_PURCHASE_CREDITS / PURCHASE_STEP;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (priceOf(middle * PURCHASE_STEP) <= cents) low = middle;
    else high = middle - 1;
  }
  return quoteTopUp(low * PURCHASE_STEP);
}

/** A saving as a whole percentage of list price, rounded to the nearest (0 below half a percent). */
export function savingPercent(savingCents: number, listPriceCents: number): number {
  return listPriceCents > 0 ? Math.round((savingCents * 100) / listPriceCents) : 0;
}

/** "0.95¢": a tier's price of one credit, for reading only (never for arithmetic). */
function centsPerCredit(tier: PriceTier): string {
  return `${tier.centsPerStep / PURCHASE_STEP}¢`;
}

/** "1¢": list price of one credit. */
export function formatListRate(): string {
  return centsPerCredit(LIST_TIER);
}

/** The volume pricing rule in words, from the table: "1¢ a credit; 0.95¢ from 25,000 credits; ...". */
export function describePriceTiers(): string {
  return PRICE_TIERS.map((tier) =>
    tier === LIST_TIER
      ? `${centsPerCredit(tier)} a credit`
      : `${centsPerCredit(tier)} from ${tier.fromCredits.toLocaleString("en-US")} credits`,
  ).join("; ");
}

/** "$237.50" from 23750 cents: integer arithmetic only. */
export function formatCents(cents: number, currency = CURRENCY): string {
  const sign = cents < 0 ? "-" : "";
  const abs = Math.abs(cents);
  const dollars = Math.floor(abs / 100).toLocaleString("en-US");
  const rest = String(abs % 100).padStart(2, "0");
  return `${sign}${currency === "usd" ? "$" : `${currency.toUpperCase()} `}${dollars}.${rest}`;
}
