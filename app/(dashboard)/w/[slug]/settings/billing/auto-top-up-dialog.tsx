"use client";

import { useRouter } from "next/navigation";
import { useId, useState, type FormEvent } from "react";
import { toast } from "sonner";
import { saveAutoTopUpAction } from "@/lib/actions/credits/save-auto-top-up";
import { AUTO_TOP_UP_BOUNDS } from "@/lib/billing/auto-top-up";
import { dollarsText, parseDollars, parseWholeNumber } from "@/lib/billing/amount-input";
import { formatCents, quoteTopUp } from "@/lib/billing/top-ups";
import type { AutoTopUpStatus } from "@/lib/credits/auto-top-up-status";
import { formatCredits } from "@/lib/format";
import { saveAutoTopUpInput } from "@/lib/validation/auto-top-up";
import { toFieldErrors } from "@/lib/validation/field-errors";
import { Field } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { Input } from "@/components/ui/input";
import { MoneyInput } from "@/components/ui/money-input";
import { SubmitButton, buttonClasses } from "@/components/ui/button";
import { Modal, ModalFooter } from "@/components/ui/dialog";
import { runAction } from "@/components/ui/run-action";
import { SwitchField } from "@/components/ui/switch-field";
import { CardOnFile } from "./card-on-file";
import { useInvalidateCredits } from "@/components/credits/credits-query";
import { TopUpPrice } from "./top-up-price";

type Props = {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  status: AutoTopUpStatus;
  workspaceId: string;
  publishableKey: string | null;
  isTestMode: boolean;
};

type FieldErrors = Record<string, string[] | undefined>;

/** "100,000" -> 100000; not a whole number -> NaN (zod then says what is wrong). */
function parseWhole(text: string): number {
  return parseWholeNumber(text) ?? Number.NaN;
}

/**
 * The Auto Top Up dialog: the switch, the card it charges, when it fires, how much it buys (with
 * the price) and an optional monthly cap. Checked here as you type and again on the server.
 */
export function AutoTopUpDialog({
  open,
  onOpenChange,
  status,
  workspaceId,
  publishableKey,
  isTestMode,
}: Props) {
  return (
    <Modal
      open={open}
      onOpenChange={onOpenChange}
      title="Auto Top Up"
      description="Buy credits automatically when the balance runs low. Auto top-up credits never expire."
    >
      {/* Mounted only while open, so every opening starts from the saved settings. */}
      {open ? (
        <AutoTopUpForm
          status={status}
          workspaceId={workspaceId}
          publishableKey={publishableKey}
          isTestMode={isTestMode}
          onDone={() => onOpenChange(false)}
        />
      ) : null}
    </Modal>
  );
}

function AutoTopUpForm({
  status,
  workspaceId,
  publishableKey,
  isTestMode,
  onDone,
}: Omit<Props, "open" | "onOpenChange"> & { onDone: () => void }) {
  const router = useRouter();
  const invalidateCredits = useInvalidateCredits(workspaceId);
  const ids = useId();
  // Opened with Enable or Manage: either way the switch starts on; switching off is a choice.
  const [isEnabled, setEnabled] = useState(true);
  const [thresholdText, setThresholdText] = useState(formatCredits(status.threshold));
  const [creditsText, setCreditsText] = useState(formatCredits(status.credits));
  const [capText, setCapText] = useState(dollarsText(status.monthlyCapCents));
  const [card, setCard] = useState(status.paymentMethod);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState<string | null>(null);
  const [isPending, setPending] = useState(false);
  const [isCardBusy, setCardBusy] = useState(false);

  const credits = parseWhole(creditsText);
  const quote = quoteTopUp(credits);
  const input = {
    workspaceId,
    enabled: isEnabled,
    threshold: parseWhole(thresholdText),
    credits,
    monthlyCapCents: parseDollars(capText),
  };

  function validate(): FieldErrors {
    const parsed = saveAutoTopUpInput.safeParse(input);
    const found: FieldErrors = parsed.success ? {} : toFieldErrors(parsed.error.issues);
    if (isEnabled && !card) found.paymentMethod = ["Add a card to charge for auto top-ups"];
    return found;
  }

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setMessage(null);
    const found = validate();
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    setPending(true);
    const result = await runAction(() => saveAutoTopUpAction(input));
    setPending(false);
    if (!result.ok) {
      setMessage(result.error.message);
      setErrors(result.error.fieldErrors ?? {});
      return;
    }
    toast.success(
      isEnabled
        ? `Auto top-up saved: when credits fall below ${formatCredits(input.threshold)}, ${formatCredits(input.credits)} credits are bought${quote.ok ? ` for ${formatCents(quote.quote.priceCents)}` : ""}.`
        : "Auto top-up saved: it is off, so the balance is never topped up automatically.",
    );
    await invalidateCredits();
    router.refresh();
    onDone();
  }

  const field = (name: string) => errors[name];
  const clear = (name: string) => setErrors((current) => ({ ...current, [name]: undefined }));

  return (
    <form onSubmit={onSubmit} noValidate>
      <div className="space-y-5 px-6 py-5">
        {message ? <FormMessage>{message}</FormMessage> : null}
        <SwitchField
          id={`${ids}-enabled`}
          label="Enable auto top up"
          hint={
            isEnabled
              ? "A top-up starts when a spend takes the balance below the threshold."
              : "Off: the balance is never topped up automatically."
          }
          checked={isEnabled}
          onChange={(next) => {
            setEnabled(next);
            clear("paymentMethod");
          }}
        />

        <CardOnFile
          workspaceId={workspaceId}
          card={card}
          onSaved={setCard}
          errors={field("paymentMethod")}
          publishableKey={publishableKey}
          isTestMode={isTestMode}
          onBusyChange={setCardBusy}
        />

        <fieldset disabled={!isEnabled} className="space-y-5 disabled:opacity-60">
          <div className="grid gap-5 sm:grid-cols-2">
            <Field
              id={`${ids}-threshold`}
              label="When credits are below"
              hint="From 0 up to the purchase amount."
              errors={field("threshold")}
            >
              {(aria) => (
                <Input
                  {...aria}
                  name="threshold"
                  inputMode="numeric"
                  autoComplete="off"
                  value={thresholdText}
                  onChange={(e) => {
                    setThresholdText(e.target.value);
                    clear("threshold");
                  }}
                />
              )}
            </Field>
            <Field
              id={`${ids}-credits`}
              label="Purchase this amount"
              hint={`${formatCredits(AUTO_TOP_UP_BOUNDS.minCredits)} to ${formatCredits(AUTO_TOP_UP_BOUNDS.maxCredits)} credits, in steps of ${AUTO_TOP_UP_BOUNDS.step}.`}
              errors={field("credits")}
            >
              {(aria) => (
                <Input
                  {...aria}
                  name="credits"
                  inputMode="numeric"
                  autoComplete="off"
                  value={creditsText}
                  onChange={(e) => {
                    setCreditsText(e.target.value);
                    clear("credits");
                  }}
                />
              )}
            </Field>
          </div>
          <TopUpPrice
            label="Each top-up costs"
            quote={quote.ok ? quote.quote : null}
            testId="auto-top-up-price"
            onTakeMore={(more) => {
              setCreditsText(formatCredits(more));
              clear("credits");
            }}
          />
          <Field
            id={`${ids}-cap`}
            label="Monthly cap in USD (optional)"
            hint="The most auto top-ups may charge in a calendar month (workspace time zone). Leave empty for no cap."
            errors={field("monthlyCapCents")}
          >
            {(aria) => (
              <MoneyInput
                {...aria}
                name="monthlyCap"
                placeholder="No cap"
                value={capText}
                onChange={(e) => {
                  setCapText(e.target.value);
                  clear("monthlyCapCents");
                }}
              />
            )}
          </Field>
        </fieldset>
      </div>
      <ModalFooter>
        <button type="button" className={buttonClasses("secondary")} onClick={onDone} disabled={isPending}>
          Cancel
        </button>
        <SubmitButton pending={isPending} pendingLabel="Saving…" disabled={isCardBusy}>
          Save
        </SubmitButton>
      </ModalFooter>
    </form>
  );
}
