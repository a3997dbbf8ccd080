"use client";

import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { formatCredits } from "@/lib/format";

/** How the invitee's monthly limit is chosen: the workspace default, Unlimited, or a number. */
export type LimitChoice = "default" | "unlimited" | "custom";
/** Whether they may spend top-up credits: the workspace default, or yes or no. */
export type TopUpChoice = "default" | "yes" | "no";

export type InviteDefaults = { monthlyLimit: number | null; mayUseTopUp: boolean };

type Props = {
  idPrefix: string;
  defaults: InviteDefaults;
  limitChoice: LimitChoice;
  onLimitChoiceChange: (choice: LimitChoice) => void;
  limitText: string;
  onLimitTextChange: (text: string) => void;
  limitErrors?: string[];
  topUpChoice: TopUpChoice;
  onTopUpChoiceChange: (choice: TopUpChoice) => void;
};

/** The invitation's monthly limit and top-up permission (the role is chosen beside them). */
export function InviteAccessFields(props: Props) {
  const { idPrefix, defaults } = props;
  const defaultLimit =
    defaults.monthlyLimit === null ? "Unlimited" : `${formatCredits(defaults.monthlyLimit)} credits`;
  return (
    <>
      <Field
        id={`${idPrefix}-limit-choice`}
        label="Monthly credit limit"
        hint="The default is read when they accept, so a change to it before then applies to them."
      >
        {(aria) => (
          <Select
            {...aria}
            value={props.limitChoice}
            onChange={(event) => props.onLimitChoiceChange(event.target.value as LimitChoice)}
            className="max-w-72"
          >
            <option value="default">Workspace default ({defaultLimit})</option>
            <option value="unlimited">Unlimited</option>
            <option value="custom">A limit of their own…</option>
          </Select>
        )}
      </Field>
      {props.limitChoice === "custom" ? (
        <Field
          id={`${idPrefix}-limit`}
          label="Credits per month"
          hint="A whole number. 0 means they can't spend until you raise it."
          errors={props.limitErrors?.length ? props.limitErrors : undefined}
        >
          {(aria) => (
            <Input
              {...aria}
              inputMode="numeric"
              autoComplete="off"
              value={props.limitText}
              onChange={(event) => props.onLimitTextChange(event.target.value)}
              className="max-w-48 tabular-nums"
            />
          )}
        </Field>
      ) : null}
      <Field
        id={`${idPrefix}-top-up`}
        label="Top-up credits"
        hint="Credits bought as top-ups. Without them, their generations draw only free and plan credits."
      >
        {(aria) => (
          <Select
            {...aria}
            value={props.topUpChoice}
            onChange={(event) => props.onTopUpChoiceChange(event.target.value as TopUpChoice)}
            className="max-w-72"
          >
            <option value="default">
              Workspace default ({defaults.mayUseTopUp ? "may use them" : "may not use them"})
            </option>
            <option value="yes">May use top-up credits</option>
            <option value="no">May not use top-up credits</option>
          </Select>
        )}
      </Field>
    </>
  );
}
