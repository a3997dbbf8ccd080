"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { completeTestCheckoutAction } from "@/lib/actions/credits/complete-test-checkout";
import { Button, SubmitButton } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { Input } from "@/components/ui/input";
import { useInvalidateCredits } from "@/components/credits/credits-query";
import { runAction } from "@/components/ui/run-action";
import { cn } from "@/components/ui/cn";

type Card = { number: string; label: string; outcome: "succeeds" | "declined" };

type Props = {
  workspaceId: string;
  sessionId: string;
  purchaseId: string;
  /** The price, formatted. */
  amount: string;
  billingPath: string;
  cards: Card[];
  /** Why the last attempt on this checkout was declined, if it was. */
  previousFailure: string | null;
};

/** "4242424242424242" -> "4242 4242 4242 4242" */
function groupDigits(number: string): string {
  return number.replace(/(\d{4})(?=\d)/g, "$1 ");
}

/** The test-mode checkout's card form: pay (or be declined) with a test card, or cancel. */
export function TestCheckoutForm({
  workspaceId,
  sessionId,
  purchaseId,
  amount,
  billingPath,
  cards,
  previousFailure,
}: Props) {
  const router = useRouter();
  const invalidateCredits = useInvalidateCredits(workspaceId);
  const [cardNumber, setCardNumber] = useState("");
  const [pending, setPending] = useState<"pay" | "cancel" | null>(null);
  const [decline, setDecline] = useState<string | null>(previousFailure);
  const [message, setMessage] = useState<string | null>(null);
  const [cardErrors, setCardErrors] = useState<string[] | undefined>(undefined);
  const returnPath = `${billingPath}?purchase=${purchaseId}`;

  async function submit(action: "pay" | "cancel") {
    setPending(action);
    setMessage(null);
    setCardErrors(undefined);
    const result = await runAction(() =>
      completeTestCheckoutAction({
        workspaceId,
        sessionId,
        action,
        ...(action === "pay" ? { cardNumber } : {}),
      }),
    );
    if (!result.ok) {
      setPending(null);
      setMessage(result.error.message);
      setCardErrors(result.error.fieldErrors?.cardNumber);
      return;
    }
    void invalidateCredits();
    const { status, message: failure } = result.data;
    // Billing says what became of the checkout in one place (its notice): no toast on top of it.
    if (status === "paid" || action === "cancel" || status === "expired") {
      router.push(returnPath);
      return;
    }
    setPending(null);
    if (status === "declined" || status === "failed") {
      setDecline(failure ?? "The payment was declined.");
      return;
    }
    setMessage("The payment is still being confirmed. Check Credits & Billing in a moment.");
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (cardNumber.replace(/\D/g, "").length === 0) {
      setCardErrors(["Enter a card number, or pick one of the test cards."]);
      return;
    }
    void submit("pay");
  }

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-5">
      {decline ? (
        <FormMessage>
          <span className="font-medium" data-testid="decline-message">
            {decline}
          </span>{" "}
          No credits were added. Try another card, or cancel.
        </FormMessage>
      ) : null}
      {message ? <FormMessage>{message}</FormMessage> : null}

      <fieldset>
        <legend className="text-sm font-medium text-slate-900 dark:text-white">Test cards</legend>
        <p className="mt-0.5 text-xs text-slate-600 dark:text-slate-400">
          Choose one to fill in the card number. Any expiry date and CVC would do at Stripe.
        </p>
        <ul className="mt-2 grid gap-2 sm:grid-cols-2" role="list">
          {cards.map((card) => {
            const isChosen = cardNumber.replace(/\D/g, "") === card.number;
            return (
              <li key={card.number}>
                <button
                  type="button"
                  onClick={() => {
                    setCardNumber(groupDigits(card.number));
                    setCardErrors(undefined);
                  }}
                  aria-pressed={isChosen}
                  className={cn(
                    "w-full rounded-lg px-3 py-2.5 text-left ring-1 ring-inset focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600",
                    isChosen
                      ? "bg-indigo-50/70 ring-indigo-600 dark:bg-indigo-500/10 dark:ring-indigo-400"
                      : "ring-slate-200 hover:bg-slate-50 dark:ring-slate-700 dark:hover:bg-slate-800/60",
                  )}
                >
                  <span className="block font-mono text-sm text-slate-900 tabular-nums dark:text-white">
                    {groupDigits(card.number)}
                  </span>
                  <span
                    className={cn(
                      "block text-xs",
                      card.outcome === "succeeds"
                        ? "text-emerald-700 dark:text-emerald-400"
                        : "text-slate-600 dark:text-slate-400",
                    )}
                  >
                    {card.label}
                  </span>
                </button>
              </li>
            );
          })}
        </ul>
      </fieldset>

      <Field id="test-card-number" label="Card number" errors={cardErrors}>
        {(aria) => (
          <Input
            {...aria}
            name="cardNumber"
            inputMode="numeric"
            autoComplete="off"
            placeholder="4242 4242 4242 4242"
            className="font-mono"
            value={cardNumber}
            onChange={(event) => {
              setCardNumber(event.target.value);
              setCardErrors(undefined);
            }}
          />
        )}
      </Field>

      <div className="flex flex-col-reverse gap-2 border-t border-slate-200 pt-5 sm:flex-row sm:justify-between dark:border-slate-800">
        <Button variant="secondary" onClick={() => void submit("cancel")} disabled={pending !== null}>
          {pending === "cancel" ? "Cancelling…" : "Cancel"}
        </Button>
        <SubmitButton pending={pending === "pay"} pendingLabel="Paying…" disabled={pending !== null}>
          Pay {amount}
        </SubmitButton>
      </div>
    </form>
  );
}
