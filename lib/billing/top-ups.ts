// What top-up credits cost. Pure: the purchase dialog shows it, the server charges it.
export type Bundle = { credits: number; priceCents: number; label: string };

/** One credit is one US cent at list price; bigger bundles are cheaper per credit. */
export const BUNDLES: readonly Bundle[] = [
  { credits: 5_000, priceCents: 5_000, label: "Starter pack" },
  { credits: 25_000, priceCents: 23_750, label: "Studio pack (5% off)" },
  { credits: 100_000, priceCents: 90_000, label: "Production pack (10% off)" },
];

export const MIN_PURCHASE_CREDITS = 1_000;
export const MAX_PURCHASE_CREDITS = 1_000_000;
/** Custom amounts come in steps, so prices stay whole cents. */
export const PURCHASE_STEP = 100;
export const CURRENCY = "usd";

export type Quote = { credits: number; priceCents: number; bundle: Bundle | null };

export type QuoteError = { code: "out_of_range" | "not_a_step"; message: string };

/** The price of `credits` top-up credits: a bundle's price when it matches one, else list price. */
export function quoteTopUp(credits: number): { ok: true; quote: Quote } | { ok: false; error: QuoteError } {
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
  const bundle = BUNDLES.find((b) => b.credits === credits) ?? null;
  return { ok: true, quote: { credits, priceCents: bundle ? bundle.priceCents : credits, bundle } };
}

/** "$237.50" from 23750 cents: integer arithmetic only. */
export function formatCents(cents: number, currency = CURRENCY): string {
  const sign = cents < 0 ? "-" : "";
  const abs = Math.abs(cents);
  const dollars = Math.floor(abs / 100).toLocaleString("en-US");
  const rest = String(abs % 100).padStart(2, "0");
  return `${sign}${currency === "usd" ? "$" : `${currency.toUpperCase()} `}${dollars}.${rest}`;
}
