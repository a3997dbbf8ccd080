"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition, type FormEvent } from "react";
import { toast } from "sonner";
import { updateApiKeyBudgetAction } from "@/lib/actions/api-keys/update-api-key-budget";
import { formatCredits } from "@/lib/format";
import { Modal, ModalFooter } from "@/components/ui/dialog";
import { runAction } from "@/components/ui/run-action";
import { SwitchField } from "@/components/ui/switch-field";
import { Button, SubmitButton } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { Input } from "@/components/ui/input";
import type { ApiKeyView, FeatureChoice } from "./types";

type Props = {
  workspaceId: string;
  /** The key being edited (the dialog is mounted only while one is). */
  apiKey: ApiKeyView;
  featureChoices: FeatureChoice[];
  onClose: () => void;
};

const CHECKBOX_CLASS = "size-4 cursor-pointer rounded accent-indigo-600";

/** A key's monthly credit cap and what it may spend on: whole features, or single models of one. */
export function BudgetDialog({ workspaceId, apiKey, featureChoices, onClose }: Props) {
  const router = useRouter();
  const [isPending, startTransition] = useTransition();
  const { budget } = apiKey;
  const [hasCap, setHasCap] = useState(budget.monthlyCreditCap !== null);
  const [capText, setCapText] = useState(
    budget.monthlyCreditCap === null ? "" : String(budget.monthlyCreditCap),
  );
  const [isEverything, setIsEverything] = useState(budget.allowedModels === null);
  const [allowed, setAllowed] = useState<ReadonlySet<string>>(new Set(budget.allowedModels ?? []));
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string[]>>({});

  function toggle(entry: string, isOn: boolean) {
    setAllowed((current) => {
      const next = new Set(current);
      if (isOn) next.add(entry);
      else next.delete(entry);
      return next;
    });
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setError(null);
    setFieldErrors({});
    const trimmed = capText.trim().replaceAll(",", "");
    const monthlyCreditCap = hasCap ? (/^\d{1,16}$/.test(trimmed) ? Number(trimmed) : Number.NaN) : null;
    const allowedModels = isEverything ? null : [...allowed];
    startTransition(async () => {
      const result = await runAction(() =>
        updateApiKeyBudgetAction({ workspaceId, apiKeyId: apiKey.id, monthlyCreditCap, allowedModels }),
      );
      if (!result.ok) {
        const fields = result.error.fieldErrors ?? {};
        setFieldErrors(fields);
        if (!fields.monthlyCreditCap && !fields.allowedModels) setError(result.error.message);
        return;
      }
      toast.success(`Saved the budget of ${apiKey.name}`);
      onClose();
      router.refresh();
    });
  }

  return (
    <Modal
      open
      onOpenChange={(open) => {
        if (!open && !isPending) onClose();
      }}
      title={`Budget for ${apiKey.name}`}
      description={`Spends past the cap are refused with key_budget_reached, and spends on anything not allowed with model_not_allowed (402, nothing charged). Used this month: ${formatCredits(budget.usedThisMonth)} credits.`}
    >
      <form onSubmit={submit} noValidate>
        <div className="space-y-6 px-6 py-5">
          {error ? <FormMessage>{error}</FormMessage> : null}
          <fieldset className="space-y-3">
            <legend className="text-sm font-semibold text-slate-900 dark:text-white">
              Monthly credit cap
            </legend>
            <SwitchField
              id="key-budget-has-cap"
              label="Cap this key's credits per month"
              hint="Counted in the workspace's time zone, like member limits; holds count until released."
              checked={hasCap}
              onChange={setHasCap}
            />
            {hasCap ? (
              <Field
                id="key-budget-cap"
                label="Credits per month"
                hint="A whole number. 0 stops the key spending at all."
                errors={fieldErrors.monthlyCreditCap?.length ? fieldErrors.monthlyCreditCap : undefined}
              >
                {(aria) => (
                  <Input
                    {...aria}
                    inputMode="numeric"
                    autoComplete="off"
                    value={capText}
                    onChange={(event) => setCapText(event.target.value)}
                    maxLength={20}
                    className="max-w-48 tabular-nums"
                  />
                )}
              </Field>
            ) : null}
          </fieldset>
          <fieldset className="space-y-3" aria-describedby="key-budget-allowed-errors">
            <legend className="text-sm font-semibold text-slate-900 dark:text-white">
              What it may spend on
            </legend>
            <SwitchField
              id="key-budget-everything"
              label="Every feature and model"
              hint="Off: pick whole features, or single models of a feature."
              checked={isEverything}
              onChange={setIsEverything}
            />
            {isEverything ? null : (
              <ul className="space-y-3" data-testid="key-budget-models">
                {featureChoices.map(({ feature, models }) => {
                  const isWhole = allowed.has(feature);
                  return (
                    <li key={feature}>
                      <label className="flex items-center gap-2 text-sm font-medium text-slate-900 dark:text-white">
                        <input
                          type="checkbox"
                          className={CHECKBOX_CLASS}
                          checked={isWhole}
                          onChange={(event) => toggle(feature, event.target.checked)}
                        />
                        {feature}{" "}
                        <span className="font-normal text-slate-600 dark:text-slate-400">(any model)</span>
                      </label>
                      <ul className="mt-1.5 ml-6 flex flex-wrap gap-x-4 gap-y-1.5">
                        {models.map((model) => {
                          const entry = `${feature}:${model}`;
                          return (
                            <li key={entry}>
                              <label className="flex items-center gap-2 text-sm text-slate-700 dark:text-slate-300">
                                <input
                                  type="checkbox"
                                  className={CHECKBOX_CLASS}
                                  checked={isWhole || allowed.has(entry)}
                                  disabled={isWhole}
                                  onChange={(event) => toggle(entry, event.target.checked)}
                                />
                                {model}
                              </label>
                            </li>
                          );
                        })}
                      </ul>
                    </li>
                  );
                })}
              </ul>
            )}
            {fieldErrors.allowedModels?.length ? (
              <p id="key-budget-allowed-errors" className="text-sm text-red-700 dark:text-red-400">
                {fieldErrors.allowedModels.join(" ")}
              </p>
            ) : null}
          </fieldset>
        </div>
        <ModalFooter>
          <Button variant="secondary" onClick={onClose} disabled={isPending}>
            Cancel
          </Button>
          <SubmitButton pending={isPending} pendingLabel="Saving…">
            Save budget
          </SubmitButton>
        </ModalFooter>
      </form>
    </Modal>
  );
}
