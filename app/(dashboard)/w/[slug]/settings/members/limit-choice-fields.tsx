"use client";

import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { SwitchField } from "@/components/ui/switch-field";

type Props = {
  /** Prefix of the controls' ids: `<prefix>-unlimited` and `<prefix>-limit`. */
  idPrefix: string;
  unlimitedHint: string;
  limitLabel?: string;
  limitHint: string;
  isUnlimited: boolean;
  onUnlimitedChange: (isUnlimited: boolean) => void;
  limitText: string;
  onLimitTextChange: (text: string) => void;
  onLimitBlur: () => void;
  errors: string[];
};

/** A monthly limit as every form here takes it: an Unlimited switch, or whole credits per month. */
export function LimitChoiceFields(props: Props) {
  return (
    <>
      <SwitchField
        id={`${props.idPrefix}-unlimited`}
        label="Unlimited"
        hint={props.unlimitedHint}
        checked={props.isUnlimited}
        onChange={props.onUnlimitedChange}
      />
      {props.isUnlimited ? null : (
        <Field
          id={`${props.idPrefix}-limit`}
          label={props.limitLabel ?? "Credits per month"}
          hint={props.limitHint}
          errors={props.errors.length > 0 ? props.errors : undefined}
        >
          {(aria) => (
            <Input
              {...aria}
              inputMode="numeric"
              autoComplete="off"
              value={props.limitText}
              onChange={(event) => props.onLimitTextChange(event.target.value)}
              onBlur={props.onLimitBlur}
              className="max-w-48 tabular-nums"
            />
          )}
        </Field>
      )}
    </>
  );
}
