// Auto top-up's rules, pure so the dialog and the server agree: which plans have it, the bounds of
// each setting, the price of a top-up, and the month its cap counts in (workspace time zone).
import { TZDate } from "@date-fns/tz";
import { getPlan } from "./plans";
import { MAX_PURCHASE_CREDITS, MIN_PURCHASE_CREDITS, PURCHASE_STEP, quoteTopUp } from "./top-ups";

/** Failed charges in a row after which auto top-up switches itself off. */
export const MAX_CONSECUTIVE_FAILURES = 3;
export const SWITCHED_OFF_AFTER_FAILURES = "three_failed_charges";

/** What the dialog suggests the first time (the reference's example purchase). */
export const DEFAULT_AUTO_TOP_UP = { credits: 100_000, threshold: 20_000 } as const;

export const AUTO_TOP_UP_BOUNDS = {
  minCredits: MIN_PURCHASE_CREDITS,
  maxCredits: MAX_PURCHASE_CREDITS,
  step: PURCHASE_STEP,
} as const;

/** Largest monthly cap accepted, in whole dollars (a typo guard, not a business limit). */
export const MAX_MONTHLY_CAP_DOLLARS = 10_000_000;

export const AUTO_TOP_UP_PLAN_MESSAGE =
  "Auto top-up is available on the Enterprise plan. Upgrade to switch it on.";

/**
 * Whether the workspace may use auto top-up: on a plan that includes it, with a subscription that has
 * not ended (a payment that is past due does not stop it; leaving Enterprise or cancelling does).
 */
export function allowsAutoTopUp(workspace: { plan: string; subscriptionStatus: string }): boolean {
  return (
    getPlan(workspace.plan).allowsAutoTopUp &&
    workspace.subscriptionStatus !== "none" &&
    workspace.subscriptionStatus !== "canceled"
  );
}

/** Price in cents of one auto top-up of `credits` (the same price as buying them by hand), or null. */
export function autoTopUpPriceCents(credits: number): number | null {
  const quote = quoteTopUp(credits);
  return quote.ok ? quote.quote.priceCents : null;
}

/** The first instant of the calendar month containing `at`, in the time zone `timeZone`. */
export function monthStartIn(timeZone: string, at: Date): Date {
  const local = new TZDate(at.getTime(), timeZone);
  return new Date(new TZDate(local.getFullYear(), local.getMonth(), 1, timeZone).getTime());
}

/** A failure code as owners read it on the card. */
export function describeFailure(code: string | null, message: string | null): string {
  if (code === "authentication_required") return "The bank asked for authentication";
  if (code === "insufficient_funds") return "Declined: insufficient funds";
  if (code === "auto_top_up_off") return "Cancelled: auto top-up was switched off";
  if (code === "no_confirmation") return "No confirmation from the payment provider";
  return message ?? "The charge failed";
}
