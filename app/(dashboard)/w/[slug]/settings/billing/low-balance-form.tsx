"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { toast } from "sonner";
import { updateLowBalanceThresholdAction } from "@/lib/actions/credits/update-low-balance-threshold";
import { formatCredits } from "@/lib/format";
import { Field } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { Input } from "@/components/ui/input";
import { SubmitButton } from "@/components/ui/button";
import { useInvalidateCredits } from "@/components/credits/credits-query";
import { runAction } from "@/components/ui/run-action";
import { Card, CardBody, CardHeader } from "@/components/ui/card";

type Props = {
  workspaceId: string;
  threshold: number;
  /** While auto top-up is on, its threshold is the one the badge and the alert use. */
  autoTopUpThreshold?: number | null;
};

/** "5,000" -> 5000; anything that is not a whole number -> null. */
function parseWhole(text: string): number | null {
  const digits = text.replace(/[\s,_]/g, "");
  return /^\d{1,16}$/.test(digits) ? Number(digits) : null;
}

/** Owners choose the balance at or below which the Low Balance badge shows. */
export function LowBalanceForm({ workspaceId, threshold, autoTopUpThreshold = null }: Props) {
  const router = useRouter();
  const invalidateCredits = useInvalidateCredits(workspaceId);
  const [saved, setSaved] = useState(threshold);
  const [text, setText] = useState(formatCredits(threshold));
  const [isPending, setPending] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [errors, setErrors] = useState<string[] | undefined>(undefined);
  const value = parseWhole(text);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setMessage(null);
    if (value === null || !Number.isSafeInteger(value)) {
      setErrors(["Enter a whole number of credits, 0 or more."]);
      return;
    }
    setErrors(undefined);
    setPending(true);
    const result = await runAction(() => updateLowBalanceThresholdAction({ workspaceId, threshold: value }));
    setPending(false);
    if (!result.ok) {
      setMessage(result.error.message);
      setErrors(result.error.fieldErrors?.threshold);
      return;
    }
    setSaved(result.data.threshold);
    setText(formatCredits(result.data.threshold));
    toast.success(
      `The Low Balance badge now shows at ${formatCredits(result.data.threshold)} credits or less.`,
    );
    void invalidateCredits();
    router.refresh();
  }

  return (
    <Card aria-labelledby="low-balance-heading">
      <CardHeader className="py-3.5">
        <h2 id="low-balance-heading" className="text-base font-semibold text-slate-900 dark:text-white">
          Low Balance alert
        </h2>
      </CardHeader>
      <CardBody>
        <form onSubmit={onSubmit} noValidate className="space-y-4">
          {message ? <FormMessage>{message}</FormMessage> : null}
          <Field
            id="low-balance-threshold"
            label="Warn when credits are at or below"
            hint={
              autoTopUpThreshold === null
                ? "Owners and admins see the Low Balance badge on the Credits card."
                : `Auto top-up is on, so its threshold (${formatCredits(autoTopUpThreshold)}) is used instead until it is switched off.`
            }
            errors={errors}
          >
            {(aria) => (
              <Input
                {...aria}
                name="threshold"
                inputMode="numeric"
                autoComplete="off"
                value={text}
                // What the save answers replaces the text, so nothing may be typed while it is on its way.
                readOnly={isPending}
                onChange={(event) => {
                  setText(event.target.value);
                  setErrors(undefined);
                }}
              />
            )}
          </Field>
          <SubmitButton pending={isPending} pendingLabel="Saving…" disabled={value === saved}>
            Save threshold
          </SubmitButton>
        </form>
      </CardBody>
    </Card>
  );
}
