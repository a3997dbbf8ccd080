"use client";

import { useRouter } from "next/navigation";
import { useId, useState, type FormEvent, type ReactNode } from "react";
import { startPurchaseAction } from "@/lib/actions/credits/start-purchase";
import {
  BUNDLES,
  MAX_PURCHASE_CREDITS,
  MIN_PURCHASE_CREDITS,
  PURCHASE_STEP,
  formatCents,
  quoteTopUp,
  type Quote,
} from "@/lib/billing/top-ups";
import { formatCredits } from "@/lib/format";
import { Field } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { Input } from "@/components/ui/input";
import { SubmitButton, buttonClasses } from "@/components/ui/button";
import { ModalFooter } from "@/components/ui/dialog";
import { runAction } from "@/components/ui/run-action";
import { cn } from "@/components/ui/cn";
import { useInvalidateCredits } from "@/components/credits/credits-query";

// The first step of Purchase Credits: a bundle or an amount of one's own, its price, then the
// checkout (Stripe's embedded one, or the test-mode page when Stripe is not configured).

const CUSTOM = "custom";

/** "12,500" or "12 500" -> 12500; anything that is not a whole number -> null. */
function parseCreditsInput(text: string): number | null {
  const digits = text.replace(/[\s,_]/g, "");
  if (!/^\d{1,16}$/.test(digits)) return null;
  return Number(digits);
}

type Choice = { quote: Quote; error: null } | { quote: null; error: string };

function quoteFor(selection: string, customText: string): Choice {
  const credits = selection === CUSTOM ? parseCreditsInput(customText) : Number(selection);
  if (credits === null) return { quote: null, error: "Enter a whole number of credits." };
  const result = quoteTopUp(credits);
  return result.ok ? { quote: result.quote, error: null } : { quote: null, error: result.error.message };
}

type ChooseProps = {
  workspaceId: string;
  isTestMode: boolean;
  onCancel: () => void;
  onEmbedded: (checkout: { clientSecret: string; credits: number; amountCents: number }) => void;
  /** With a card on file: Purchase charges it at once, and "Use another card" opens the checkout. */
  cardOnFile?: { note: ReactNode; onPurchase: (quote: Quote) => Promise<void> } | null;
};

/** Picks the amount and starts the checkout for it. */
export function ChooseAmount({ workspaceId, isTestMode, onCancel, onEmbedded, cardOnFile }: ChooseProps) {
  const router = useRouter();
  const invalidateCredits = useInvalidateCredits(workspaceId);
  const ids = useId();
  const [selection, setSelection] = useState<string>(String(BUNDLES[0]?.credits ?? CUSTOM));
  const [customText, setCustomText] = useState("");
  const [isCustomTouched, setCustomTouched] = useState(false);
  const [isPending, setPending] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [serverFieldError, setServerFieldError] = useState<string[] | undefined>(undefined);

  const choice = quoteFor(selection, customText);
  const isCustom = selection === CUSTOM;
  const customErrors =
    isCustom && isCustomTouched && choice.error ? [choice.error] : isCustom ? serverFieldError : undefined;

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!cardOnFile) return startCheckout();
    setCustomTouched(true);
    if (!choice.quote) return;
    setPending(true);
    await cardOnFile.onPurchase(choice.quote);
    setPending(false);
  }

  async function startCheckout() {
    setCustomTouched(true);
    setMessage(null);
    setServerFieldError(undefined);
    if (!choice.quote) return;
    setPending(true);
    const result = await runAction(() => startPurchaseAction({ workspaceId, credits: choice.quote.credits }));
    if (!result.ok) {
      setPending(false);
      setMessage(result.error.message);
      setServerFieldError(result.error.fieldErrors?.credits);
      return;
    }
    void invalidateCredits();
    const { checkout, credits, amountCents } = result.data;
    if (checkout.kind === "embedded") {
      setPending(false);
      onEmbedded({ clientSecret: checkout.clientSecret, credits, amountCents });
      return;
    }
    // Test mode: the checkout is a page in the app. Stay pending until it has loaded.
    router.push(checkout.url);
  }

  return (
    <form onSubmit={onSubmit} noValidate>
      <div className="space-y-5 px-6 py-5">
        {message ? <FormMessage>{message}</FormMessage> : null}
        <fieldset>
          <legend className="text-sm font-medium text-slate-900 dark:text-white">Choose an amount</legend>
          <div className="mt-2 grid gap-2">
            {BUNDLES.map((bundle) => (
              <AmountOption
                key={bundle.credits}
                name={`${ids}-amount`}
                value={String(bundle.credits)}
                checked={selection === String(bundle.credits)}
                onSelect={setSelection}
                title={`${formatCredits(bundle.credits)} credits`}
                detail={bundle.label}
                price={formatCents(bundle.priceCents)}
              />
            ))}
            <AmountOption
              name={`${ids}-amount`}
              value={CUSTOM}
              checked={isCustom}
              onSelect={setSelection}
              title="Another amount"
              detail={`${formatCredits(MIN_PURCHASE_CREDITS)} to ${formatCredits(MAX_PURCHASE_CREDITS)} credits at $0.01 each`}
            />
          </div>
        </fieldset>

        {isCustom ? (
          <Field
            id={`${ids}-credits`}
            label="Credits to buy"
            hint={`Whole credits in steps of ${PURCHASE_STEP}.`}
            errors={customErrors}
          >
            {(aria) => (
              <Input
                {...aria}
                name="credits"
                inputMode="numeric"
                autoComplete="off"
                placeholder="12,500"
                autoFocus
                value={customText}
                onChange={(event) => {
                  setCustomText(event.target.value);
                  setServerFieldError(undefined);
                }}
                onBlur={() => setCustomTouched(true)}
              />
            )}
          </Field>
        ) : null}

        <div
          className="flex items-baseline justify-between gap-4 rounded-lg bg-slate-50 px-4 py-3 dark:bg-slate-800/60"
          aria-live="polite"
        >
          <span className="text-sm text-slate-600 dark:text-slate-400">
            {choice.quote ? `${formatCredits(choice.quote.credits)} credits` : "Total"}
          </span>
          <span
            className="text-lg font-semibold text-slate-900 tabular-nums dark:text-white"
            data-testid="purchase-price"
          >
            {choice.quote ? formatCents(choice.quote.priceCents) : "—"}
          </span>
        </div>
        {cardOnFile?.note}
        <p className="text-xs text-slate-600 dark:text-slate-400">
          {cardOnFile
            ? ""
            : isTestMode
              ? "Test mode: Stripe is not configured, so you will pay with a test card and no real money moves."
              : "You pay on the next step with the workspace's card."}{" "}
          Credits are added once the payment is confirmed. They are not refundable except where required by
          law.
        </p>
      </div>
      <ModalFooter>
        <button type="button" className={buttonClasses("secondary")} onClick={onCancel} disabled={isPending}>
          Cancel
        </button>
        {cardOnFile ? (
          <button
            type="button"
            className={buttonClasses("secondary")}
            onClick={() => void startCheckout()}
            disabled={isPending}
          >
            Use another card
          </button>
        ) : null}
        <SubmitButton pending={isPending} pendingLabel={cardOnFile ? "Paying…" : "Opening checkout…"}>
          {cardOnFile ? "Purchase" : "Continue to payment"}
        </SubmitButton>
      </ModalFooter>
    </form>
  );
}

type OptionProps = {
  name: string;
  value: string;
  checked: boolean;
  onSelect: (value: string) => void;
  title: string;
  detail: string;
  price?: string;
};

function AmountOption({ name, value, checked, onSelect, title, detail, price }: OptionProps) {
  return (
    <label
      className={cn(
        "flex cursor-pointer items-center gap-3 rounded-lg px-3.5 py-3 ring-1 ring-inset transition-colors has-focus-visible:outline-2 has-focus-visible:outline-offset-2 has-focus-visible:outline-indigo-600",
        checked
          ? "bg-indigo-50/70 ring-indigo-600 dark:bg-indigo-500/10 dark:ring-indigo-400"
          : "ring-slate-200 hover:bg-slate-50 dark:ring-slate-700 dark:hover:bg-slate-800/60",
      )}
    >
      <input
        type="radio"
        name={name}
        value={value}
        checked={checked}
        onChange={() => onSelect(value)}
        className="size-4 accent-indigo-600"
      />
      <span className="min-w-0 flex-1">
        <span className="block text-sm font-medium text-slate-900 dark:text-white">{title}</span>
        <span className="block text-xs text-slate-600 dark:text-slate-400">{detail}</span>
      </span>
      {price ? (
        <span className="text-sm font-semibold text-slate-900 tabular-nums dark:text-white">{price}</span>
      ) : null}
    </label>
  );
}
