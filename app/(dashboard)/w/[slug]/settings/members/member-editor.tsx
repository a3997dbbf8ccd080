"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useId, useState, useTransition, type FormEvent } from "react";
import { toast } from "sonner";
import type { MemberRole } from "@/db/schema/workspaces";
import { ROLE_LABELS } from "@/components/credits/labels";
import { Modal, ModalFooter } from "@/components/ui/dialog";
import { runAction, type ClientActionError } from "@/components/ui/run-action";
import { Button, SubmitButton } from "@/components/ui/button";
import { LINK_CLASS } from "@/components/ui/text-link";
import { Field } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { Select } from "@/components/ui/select";
import { updateMemberLimitAction } from "@/lib/actions/members/update-member-limit";
import { updateMemberRoleAction } from "@/lib/actions/members/update-member-role";
import { updateMemberTopUpAction } from "@/lib/actions/members/update-member-top-up";
import type { CountUsage } from "@/lib/validation/access";
import { SwitchField } from "@/components/ui/switch-field";
import { CountUsageChoice } from "./count-usage-choice";
import { ROLES, checkRemoval, checkRoleChange } from "@/lib/auth/permissions";
import { formatCredits } from "@/lib/format";
import { parseLimit, refusalReason } from "./limit-rules";
import { MemberLimitFields } from "./member-limit-fields";
import { RemovalAction, useMemberRemoval } from "./member-removal";
import type { MemberView, SavedAccess, Viewer, WorkspaceRef } from "./types";

type Props = {
  member: MemberView;
  viewer: Viewer;
  isSelf: boolean;
  ownerCount: number;
  workspace: WorkspaceRef;
  resetsLabel: string;
  onClose: () => void;
  /** After a save, with what it wrote (the list shows it until its refresh arrives). */
  onSaved?: (access: SavedAccess) => void;
  /** After the member is removed (their row, where focus would go back, is about to disappear). */
  onRemoved?: () => void;
};

/** The editor for one member: monthly credit limit (or Unlimited), role, and removal. */
export function MemberEditor({
  member,
  viewer,
  isSelf,
  ownerCount,
  workspace,
  resetsLabel,
  onClose,
  onSaved,
  onRemoved,
}: Props) {
  const router = useRouter();
  const ids = useId();
  const [isUnlimited, setIsUnlimited] = useState(member.monthlyLimit === null);
  const [limitText, setLimitText] = useState(member.monthlyLimit === null ? "" : String(member.monthlyLimit));
  const [role, setRole] = useState<MemberRole>(member.role);
  const [countUsage, setCountUsage] = useState<CountUsage>("month");
  const [mayUseTopUp, setMayUseTopUp] = useState(member.mayUseTopUp);
  const [error, setError] = useState<ClientActionError | null>(null);
  const [limitTouched, setLimitTouched] = useState(false);
  const [isSaving, startSaving] = useTransition();
  const removal = useMemberRemoval({ member, workspace, isSelf, onClose, onRemoved });

  const parsedLimit = parseLimit(limitText, isUnlimited);
  const roleChoices = ROLES.map((option) => ({
    option,
    refusal: option === member.role ? null : checkRoleChange(viewer.role, member.role, option, ownerCount),
  }));
  const roleLockedReason = roleChoices.every((c) => c.option === member.role || c.refusal !== null)
    ? roleChoices.map((c) => c.refusal).find((r) => r !== null)
    : undefined;
  const partialRefusal = roleChoices.find((c) => c.refusal !== null)?.refusal;
  const removalRefusal = checkRemoval(viewer.role, member.role, ownerCount);
  const isNewLimit =
    parsedLimit.ok && parsedLimit.value !== null && parsedLimit.value !== member.monthlyLimit;
  // Mid-month, a new limit asks whether what was used so far counts (nothing to ask on a fresh month).
  const isCountChoiceShown = isNewLimit && member.usedThisMonth > 0;
  const isBelowUsage =
    parsedLimit.ok &&
    parsedLimit.value !== null &&
    parsedLimit.value < member.usedThisMonth &&
    !(isCountChoiceShown && countUsage === "now");

  const limitErrors = [
    ...(limitTouched && !parsedLimit.ok ? [parsedLimit.message] : []),
    ...(error?.fieldErrors?.monthlyLimit ?? []),
  ];

  function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setLimitTouched(true);
    setError(null);
    if (!parsedLimit.ok) return;
    const nextLimit = parsedLimit.value;
    const isLimitChanged = nextLimit !== member.monthlyLimit;
    const isRoleChanged = role !== member.role;
    const isTopUpChanged = mayUseTopUp !== member.mayUseTopUp;
    if (!isLimitChanged && !isRoleChanged && !isTopUpChanged) {
      onClose();
      return;
    }
    startSaving(async () => {
      if (isLimitChanged) {
        const result = await runAction(() =>
          updateMemberLimitAction({
            workspaceId: workspace.id,
            membershipId: member.membershipId,
            monthlyLimit: nextLimit,
            countUsage: isCountChoiceShown ? countUsage : "month",
          }),
        );
        if (!result.ok) {
          setError(result.error);
          return;
        }
      }
      if (isTopUpChanged) {
        const result = await runAction(() =>
          updateMemberTopUpAction({
            workspaceId: workspace.id,
            membershipId: member.membershipId,
            mayUseTopUp,
          }),
        );
        if (!result.ok) {
          setError(
            isLimitChanged
              ? { ...result.error, message: `The limit was saved, but: ${result.error.message}` }
              : result.error,
          );
          router.refresh();
          return;
        }
      }
      if (isRoleChanged) {
        const result = await runAction(() =>
          updateMemberRoleAction({
            workspaceId: workspace.id,
            membershipId: member.membershipId,
            role,
          }),
        );
        if (!result.ok) {
          setError(
            isLimitChanged
              ? {
                  ...result.error,
                  message: `The limit was saved, but the role was not: ${result.error.message}`,
                }
              : result.error,
          );
          router.refresh();
          return;
        }
      }
      toast.success(`Saved ${member.name}'s access`);
      onSaved?.({ monthlyLimit: nextLimit, role, mayUseTopUp });
      onClose();
      router.refresh();
    });
  }

  const roleId = `${ids}-role`;

  return (
    <>
      <Modal
        open
        onOpenChange={(open) => (!open && !isSaving ? onClose() : undefined)}
        // One Esc closes one dialog. The confirmation above normally takes it first; if the editor is
        // handed the key while the confirmation is open (a loaded run of the keyboard spec closed both
        // at once), it closes the confirmation, not itself and the confirmation with it.
        onEscapeKeyDown={(event) => {
          if (!removal.isConfirming) return;
          event.preventDefault();
          if (!removal.isRemoving) removal.dismiss();
        }}
        title={`Edit ${member.name}`}
        description={
          <>
            {member.email} · used {formatCredits(member.usedThisMonth)} credits this month · resets{" "}
            {resetsLabel}
          </>
        }
      >
        <form onSubmit={save} noValidate>
          <div className="space-y-6 px-6 py-5">
            {error && !error.fieldErrors?.monthlyLimit && !error.fieldErrors?.role ? (
              <FormMessage>{error.message}</FormMessage>
            ) : null}

            <MemberLimitFields
              idPrefix={ids}
              member={member}
              isSelf={isSelf}
              resetsLabel={resetsLabel}
              isUnlimited={isUnlimited}
              onUnlimitedChange={(checked) => {
                setIsUnlimited(checked);
                setLimitTouched(false);
              }}
              limitText={limitText}
              onLimitTextChange={setLimitText}
              onLimitBlur={() => setLimitTouched(true)}
              errors={limitErrors}
              isBelowUsage={isBelowUsage}
            />

            {isCountChoiceShown ? (
              <CountUsageChoice
                name={`${ids}-count-usage`}
                usedThisMonth={member.usedThisMonth}
                whose={isSelf ? "your" : "their"}
                value={countUsage}
                onChange={setCountUsage}
              />
            ) : null}

            <SwitchField
              id={`${ids}-top-up`}
              label="May use top-up credits"
              hint="Off: their generations draw only free and plan credits, never credits bought as top-ups; when those run out they are refused while others continue."
              checked={mayUseTopUp}
              onChange={setMayUseTopUp}
            />

            <Field
              id={roleId}
              label="Role"
              hint={
                roleLockedReason
                  ? refusalReason(roleLockedReason, isSelf)
                  : partialRefusal
                    ? refusalReason(partialRefusal, isSelf)
                    : "Owners and admins manage members, limits and billing. Members spend within their limit."
              }
              errors={error?.fieldErrors?.role}
            >
              {(aria) => (
                <Select
                  {...aria}
                  value={role}
                  disabled={roleLockedReason !== undefined}
                  onChange={(event) => setRole(event.target.value as MemberRole)}
                  className="max-w-48"
                >
                  {roleChoices.map(({ option, refusal }) => (
                    <option key={option} value={option} disabled={refusal !== null}>
                      {ROLE_LABELS[option]}
                    </option>
                  ))}
                </Select>
              )}
            </Field>

            {viewer.canViewUsage ? (
              <p className="text-sm">
                <Link
                  href={`/w/${workspace.slug}/usage?member=${member.membershipId}`}
                  className={LINK_CLASS}
                >
                  View {isSelf ? "your" : `${member.name}'s`} usage
                </Link>
              </p>
            ) : null}
          </div>

          <ModalFooter
            start={
              <RemovalAction
                refusal={removalRefusal}
                isSelf={isSelf}
                disabled={isSaving}
                onAsk={removal.ask}
              />
            }
          >
            <Button variant="secondary" onClick={onClose} disabled={isSaving}>
              Cancel
            </Button>
            <SubmitButton
              pending={isSaving}
              pendingLabel="Saving…"
              disabled={limitTouched && !parsedLimit.ok}
            >
              Save
            </SubmitButton>
          </ModalFooter>
        </form>
      </Modal>

      {removal.confirmDialog}
    </>
  );
}
