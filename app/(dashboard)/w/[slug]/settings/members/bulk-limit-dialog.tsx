"use client";

import { useRouter } from "next/navigation";
import { useId, useState, useTransition, type FormEvent } from "react";
import { toast } from "sonner";
import { Modal, ModalFooter } from "@/components/ui/dialog";
import { runAction, type ClientActionError } from "@/components/ui/run-action";
import { Button, SubmitButton } from "@/components/ui/button";
import { FormMessage } from "@/components/ui/form-message";
import { LimitChoiceFields } from "./limit-choice-fields";
import { updateMemberLimitsAction } from "@/lib/actions/members/update-member-limits";
import type { CountUsage } from "@/lib/validation/access";
import { CountUsageChoice } from "./count-usage-choice";
import { parseLimit } from "./limit-rules";
import type { MemberView, WorkspaceRef } from "./types";

type Props = {
  members: MemberView[];
  workspace: WorkspaceRef;
  onClose: () => void;
  /** After the limits are saved (the selection is done with). */
  onSaved: () => void;
};

/** Manage Access's bulk edit: one monthly limit for every selected member, saved all at once. */
export function BulkLimitDialog({ members, workspace, onClose, onSaved }: Props) {
  const router = useRouter();
  const ids = useId();
  const [isUnlimited, setIsUnlimited] = useState(false);
  const [limitText, setLimitText] = useState("");
  const [isTouched, setIsTouched] = useState(false);
  const [countUsage, setCountUsage] = useState<CountUsage>("month");
  const [error, setError] = useState<ClientActionError | null>(null);
  const [isSaving, startSaving] = useTransition();
  const parsed = parseLimit(limitText, isUnlimited);
  const usedInAll = members.reduce((sum, m) => sum + m.usedThisMonth, 0);
  const isCountChoiceShown = !isUnlimited && usedInAll > 0;
  const count = `${members.length} ${members.length === 1 ? "member" : "members"}`;
  const errors = [
    ...(isTouched && !parsed.ok ? [parsed.message] : []),
    ...(error?.fieldErrors?.monthlyLimit ?? []),
  ];

  function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setIsTouched(true);
    setError(null);
    if (!parsed.ok) return;
    const monthlyLimit = parsed.value;
    startSaving(async () => {
      const result = await runAction(() =>
        updateMemberLimitsAction({
          workspaceId: workspace.id,
          membershipIds: members.map((m) => m.membershipId),
          monthlyLimit,
          countUsage: isCountChoiceShown ? countUsage : "month",
        }),
      );
      if (!result.ok) {
        setError(result.error);
        router.refresh();
        return;
      }
      toast.success(`Saved the monthly limit of ${count}`);
      onSaved();
      router.refresh();
    });
  }

  return (
    <Modal
      open
      onOpenChange={(open) => (!open && !isSaving ? onClose() : undefined)}
      title={`Set the monthly limit of ${count}`}
      description={members.map((m) => m.name).join(", ")}
    >
      <form onSubmit={save} noValidate>
        <div className="space-y-6 px-6 py-5">
          {error && !error.fieldErrors?.monthlyLimit ? <FormMessage>{error.message}</FormMessage> : null}
          <fieldset className="space-y-3">
            <legend className="text-sm font-semibold text-slate-900 dark:text-white">
              Monthly credit limit
            </legend>
            <LimitChoiceFields
              idPrefix={ids}
              unlimitedHint="They can spend from the shared pool without a monthly cap."
              limitLabel="Credits per month, each"
              limitHint="A whole number. 0 stops them spending at all."
              isUnlimited={isUnlimited}
              onUnlimitedChange={(checked) => {
                setIsUnlimited(checked);
                setIsTouched(false);
              }}
              limitText={limitText}
              onLimitTextChange={setLimitText}
              onLimitBlur={() => setIsTouched(true)}
              errors={errors}
            />
          </fieldset>
          {isCountChoiceShown ? (
            <CountUsageChoice
              name={`${ids}-count-usage`}
              usedThisMonth={usedInAll}
              whose="each member's"
              value={countUsage}
              onChange={setCountUsage}
            />
          ) : null}
        </div>
        <ModalFooter>
          <Button variant="secondary" onClick={onClose} disabled={isSaving}>
            Cancel
          </Button>
          <SubmitButton pending={isSaving} pendingLabel="Saving…" disabled={isTouched && !parsed.ok}>
            Save for {count}
          </SubmitButton>
        </ModalFooter>
      </form>
    </Modal>
  );
}
