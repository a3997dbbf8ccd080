"use client";

import { useRouter } from "next/navigation";
import { useId, useState, type FormEvent, type ReactNode } from "react";
import { startPurchaseAction } from "@/lib/actions/credits/start-purchase";
import {
  BUNDLES,
  MAX_PURCHASE_CENTS,
  MAX_PURCHASE_CREDITS,
  MIN_PURCHASE_CENTS,
  MIN_PURCHASE_CREDITS,
  PURCHASE_STEP,
  formatCents,
  listValueCents,
  savingPercent,
  type Quote,
} from "@/lib/billing/top-ups";
import { formatCredits } from "@/lib/format";
import { Field } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { Input } from "@/components/ui/input";
import { MoneyInput } from "@/components/ui/money-input";
import { SubmitButton, buttonClasses } from "@/components/ui/button";
import { ModalFooter } from "@/components/ui/dialog";
import { runAction } from "@/components/ui/run-action";
import { cn } from "@/components/ui/cn";
import { useInvalidateCredits } from "@/components/credits/credits-query";
import { TopUpPrice } from "./top-up-price";
import { ANOTHER_AMOUNT, usePurchaseAmount } from "./purchase-amount";

// The first step of Purchase Credits: a bundle, an amount in USD or a number of credits (the three in
// step), the exact price with its volume saving, then the checkout (Stripe's embedded one, or the
// test-mode page when Stripe is not configured).

type ChooseProps = {
  workspaceId: string;
  isTestMode: boolean;
  onCancel: () => void;
  onEmbedded: (checkout: { clientSecret: string; credits: number; amountCents: number }) => void;
  /** With a card on file: Purchase charges it at once, and "Use another card" opens the checkout. */
  cardOnFile?: { note: ReactNode; onPurchase: (quote: Quote) => Promise<void> } | null;
};

type ServerErrors = { usd?: string[]; credits?: string[] };

function bundleDetail(bundle: (typeof BUNDLES)[number]): string {
  const percent = savingPercent(
    listValueCents(bundle.credits) - bundle.priceCents,
    listValueCents(bundle.credits),
  );
  return percent > 0 ? `${bundle.label} · save ${percent}%` : bundle.label;
}

/** Picks the amount and starts the checkout for it. */
export function ChooseAmount({ workspaceId, isTestMode, onCancel, onEmbedded, cardOnFile }: ChooseProps) {
  const router = useRouter();
  const invalidateCredits = useInvalidateCredits(workspaceId);
  const ids = useId();
  const amount = usePurchaseAmount();
  const [isTouched, setTouched] = useState(false);
  const [isPending, setPending] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [serverErrors, setServerErrors] = useState<ServerErrors>({});

  const { choice } = amount;
  const typedError = !choice.ok && isTouched ? choice : null;
  const usdErrors = typedError?.source === "usd" ? [typedError.error] : serverErrors.usd;
  const creditsErrors = typedError?.source === "credits" ? [typedError.error] : serverErrors.credits;

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setTouched(true);
    if (!cardOnFile) return startCheckout();
    if (!choice.ok) return;
    setPending(true);
    await cardOnFile.onPurchase(choice.quote);
    setPending(false);
  }

  async function startCheckout() {
    setTouched(true);
    setMessage(null);
    setServerErrors({});
    if (!choice.ok) return;
    setPending(true);
    // What was typed goes to the server as typed; it prices it with the same table and refuses to
    // charge anything but the price shown here.
    const shown = { workspaceId, shownPriceCents: choice.quote.priceCents };
    const result = await runAction(() =>
      startPurchaseAction(
        choice.typedCents !== null
          ? { ...shown, amountCents: choice.typedCents }
          : { ...shown, credits: choice.quote.credits },
      ),
    );
    if (!result.ok) {
      setPending(false);
      setMessage(result.error.message);
      const fields = result.error.fieldErrors;
      setServerErrors({ usd: fields?.amountCents, credits: fields?.credits ?? fields?.shownPriceCents });
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

  function edited() {
    setServerErrors({});
    setMessage(null);
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
                checked={amount.selection === String(bundle.credits)}
                onSelect={() => {
                  amount.pickBundle(bundle.credits);
                  edited();
                }}
                title={`${formatCredits(bundle.credits)} credits`}
                detail={bundleDetail(bundle)}
                price={formatCents(bundle.priceCents)}
              />
            ))}
            <AmountOption
              name={`${ids}-amount`}
              value={ANOTHER_AMOUNT}
              checked={amount.selection === ANOTHER_AMOUNT}
              onSelect={() => {
                amount.pickAnother();
                document.getElementById(`${ids}-usd`)?.focus();
              }}
              title="Another amount"
              detail={`${formatCents(MIN_PURCHASE_CENTS)} to ${formatCents(MAX_PURCHASE_CENTS)}, or ${formatCredits(MIN_PURCHASE_CREDITS)} to ${formatCredits(MAX_PURCHASE_CREDITS)} credits`}
            />
          </div>
        </fieldset>

        <div className="grid gap-5 sm:grid-cols-2">
          <Field
            id={`${ids}-usd`}
            label="Amount in USD"
            hint="Buys the most credits it covers."
            errors={usdErrors}
          >
            {(aria) => (
              <MoneyInput
                {...aria}
                name="amountUsd"
                placeholder="125.00"
                value={amount.dollars}
                onChange={(event) => {
                  amount.typeDollars(event.target.value);
                  edited();
                }}
                onBlur={() => {
                  amount.settleDollars();
                  setTouched(true);
                }}
              />
            )}
          </Field>
          <Field
            id={`${ids}-credits`}
            label="Credits to buy"
            hint={`Whole credits in steps of ${PURCHASE_STEP}.`}
            errors={creditsErrors}
          >
            {(aria) => (
              <Input
                {...aria}
                name="credits"
                inputMode="numeric"
                autoComplete="off"
                placeholder="12,500"
                value={amount.credits}
                onChange={(event) => {
                  amount.typeCredits(event.target.value);
                  edited();
                }}
                onBlur={() => setTouched(true)}
              />
            )}
          </Field>
        </div>

        <TopUpPrice
          label={choice.ok ? `${formatCredits(choice.quote.credits)} credits` : "Total"}
          quote={choice.ok ? choice.quote : null}
          testId="purchase-price"
          onTakeMore={(credits) => {
            amount.takeCredits(credits);
            edited();
          }}
        >
          {choice.ok && choice.typedCents !== null && choice.typedCents !== choice.quote.priceCents ? (
            <p
              className="mt-1 text-xs text-slate-700 dark:text-slate-300"
              data-testid="purchase-price-rounding"
            >
              Credits come in steps of {PURCHASE_STEP}: {formatCents(choice.typedCents)} buys{" "}
              {formatCredits(choice.quote.credits)} credits, so you pay {formatCents(choice.quote.priceCents)}
              .
            </p>
          ) : null}
        </TopUpPrice>
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
  onSelect: () => void;
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
        onChange={onSelect}
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
