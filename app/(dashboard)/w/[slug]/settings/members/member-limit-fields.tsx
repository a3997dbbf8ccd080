"use client";

import { formatCredits } from "@/lib/format";
import { LimitChoiceFields } from "./limit-choice-fields";
import type { MemberView } from "./types";

type Props = {
  /** Prefix of the controls' ids. */
  idPrefix: string;
  member: MemberView;
  isSelf: boolean;
  resetsLabel: string;
  isUnlimited: boolean;
  onUnlimitedChange: (isUnlimited: boolean) => void;
  limitText: string;
  onLimitTextChange: (text: string) => void;
  onLimitBlur: () => void;
  errors: string[];
  /** The limit typed is below what the member has already used this month. */
  isBelowUsage: boolean;
};

/** The editor's Monthly credit limit: Unlimited, or credits per month, and a warning below usage. */
export function MemberLimitFields({
  idPrefix,
  member,
  isSelf,
  resetsLabel,
  isUnlimited,
  onUnlimitedChange,
  limitText,
  onLimitTextChange,
  onLimitBlur,
  errors,
  isBelowUsage,
}: Props) {
  return (
    <fieldset className="space-y-3">
      <legend className="text-sm font-semibold text-slate-900 dark:text-white">Monthly credit limit</legend>
      <LimitChoiceFields
        idPrefix={idPrefix}
        unlimitedHint="Can spend from the shared pool without a monthly cap."
        limitHint="A whole number. 0 stops them spending at all."
        isUnlimited={isUnlimited}
        onUnlimitedChange={onUnlimitedChange}
        limitText={limitText}
        onLimitTextChange={onLimitTextChange}
        onLimitBlur={onLimitBlur}
        errors={errors}
      />
      {isBelowUsage ? (
        <p
          role="status"
          className="rounded-md bg-amber-50 px-3 py-2.5 text-sm text-amber-900 ring-1 ring-amber-600/25 ring-inset dark:bg-amber-500/10 dark:text-amber-200 dark:ring-amber-400/30"
        >
          {isSelf ? "You have" : `${member.name} has`} already used {formatCredits(member.usedThisMonth)}{" "}
          credits this month, more than this limit. {isSelf ? "You" : "They"} won&apos;t be able to spend
          until the limit resets ({resetsLabel}).
        </p>
      ) : null}
    </fieldset>
  );
}
