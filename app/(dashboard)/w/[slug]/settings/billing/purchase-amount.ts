"use client";

import { useState } from "react";
import { dollarsText, parseDollars, parseWholeNumber } from "@/lib/billing/amount-input";
import { BUNDLES, quoteForCents, quoteTopUp, type Quote } from "@/lib/billing/top-ups";
import { formatCredits } from "@/lib/format";

// The amount of Purchase Credits, kept in step three ways: a bundle, an amount in USD and a number of
// credits. Whichever was typed last is the source; the other field follows it, and the bundle whose
// credits match is selected. Every price comes from the one table (lib/billing/top-ups.ts).

export const ANOTHER_AMOUNT = "custom";

type Source = "usd" | "credits";

type State = { source: Source; dollars: string; credits: string; selection: string };

export type AmountChoice =
  { ok: true; quote: Quote; typedCents: number | null } | { ok: false; source: Source; error: string };

/** The bundle these credits are, or "Another amount". */
function selectionFor(credits: number | null): string {
  const bundle = BUNDLES.find((b) => b.credits === credits);
  return bundle ? String(bundle.credits) : ANOTHER_AMOUNT;
}

function choose(state: State): AmountChoice {
  if (state.source === "usd") {
    const cents = parseDollars(state.dollars);
    if (cents === null || Number.isNaN(cents))
      return { ok: false, source: "usd", error: "Enter an amount in dollars, like 125 or 125.50." };
    const result = quoteForCents(cents);
    return result.ok
      ? { ok: true, quote: result.quote, typedCents: cents }
      : { ok: false, source: "usd", error: result.error.message };
  }
  const credits = parseWholeNumber(state.credits);
  if (credits === null) return { ok: false, source: "credits", error: "Enter a whole number of credits." };
  const result = quoteTopUp(credits);
  return result.ok
    ? { ok: true, quote: result.quote, typedCents: null }
    : { ok: false, source: "credits", error: result.error.message };
}

function fromCredits(credits: number): State {
  const result = quoteTopUp(credits);
  return {
    source: "credits",
    credits: formatCredits(credits),
    dollars: result.ok ? dollarsText(result.quote.priceCents) : "",
    selection: selectionFor(credits),
  };
}

/** After a field was typed in: the other field follows it, and the bundle it matches is selected. */
function retyped(next: State): State {
  const typed = choose(next);
  const credits = typed.ok ? typed.quote.credits : null;
  const follows =
    next.source === "usd"
      ? { credits: credits === null ? "" : formatCredits(credits) }
      : { dollars: typed.ok ? dollarsText(typed.quote.priceCents) : "" };
  return { ...next, ...follows, selection: selectionFor(credits) };
}

/** The amount's state and what each control does to it. */
export function usePurchaseAmount() {
  const [state, setState] = useState<State>(() => fromCredits(BUNDLES[0]?.credits ?? 0));
  const choice = choose(state);

  return {
    ...state,
    choice,
    /** A bundle picked: both fields take its credits and price. */
    pickBundle(credits: number) {
      setState(fromCredits(credits));
    },
    /** "Another amount" picked: the fields keep what they hold, ready to be changed. */
    pickAnother() {
      setState((current) => ({ ...current, selection: ANOTHER_AMOUNT }));
    },
    /** A larger amount that costs the same, taken from the price's suggestion. */
    takeCredits(credits: number) {
      setState(fromCredits(credits));
    },
    typeDollars(text: string) {
      setState(retyped({ ...state, source: "usd", dollars: text }));
    },
    typeCredits(text: string) {
      setState(retyped({ ...state, source: "credits", credits: text }));
    },
    /** Leaving the USD field shows there what will be charged ($12.34 becomes 12, the price of 1,200). */
    settleDollars() {
      if (choice.ok && choice.typedCents !== null && choice.typedCents !== choice.quote.priceCents) {
        setState((current) => ({ ...current, dollars: dollarsText(choice.quote.priceCents) }));
      }
    },
  };
}
