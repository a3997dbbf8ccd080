"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useId, useState, useTransition, type FormEvent } from "react";
import { toast } from "sonner";
import type { MemberRole } from "@/db/schema/workspaces";
import { ROLE_LABELS } from "@/components/credits/labels";
import { cn } from "@/components/ui/cn";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Modal, ModalFooter } from "@/components/ui/dialog";
import { runAction, type ClientActionError } from "@/components/ui/run-action";
import { SwitchField } from "@/components/ui/switch-field";
import { BUTTON_SIZE, DANGER_GHOST_CLASS, Button, SubmitButton } from "@/components/ui/button";
import { LINK_CLASS } from "@/components/ui/text-link";
import { Field } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { removeMemberAction } from "@/lib/actions/members/remove-member";
import { updateMemberLimitAction } from "@/lib/actions/members/update-member-limit";
import { updateMemberRoleAction } from "@/lib/actions/members/update-member-role";
import { ROLES, checkRemoval, checkRoleChange } from "@/lib/auth/permissions";
import { formatCredits } from "@/lib/format";
import { parseLimit, refusalReason } from "./limit-rules";
import type { MemberView, Viewer, WorkspaceRef } from "./types";

type Props = {
  member: MemberView;
  viewer: Viewer;
  isSelf: boolean;
  ownerCount: number;
  workspace: WorkspaceRef;
  resetsLabel: string;
  onClose: () => void;
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
  onRemoved,
}: Props) {
  const router = useRouter();
  const ids = useId();
  const [isUnlimited, setIsUnlimited] = useState(member.monthlyLimit === null);
  const [limitText, setLimitText] = useState(member.monthlyLimit === null ? "" : String(member.monthlyLimit));
  const [role, setRole] = useState<MemberRole>(member.role);
  const [error, setError] = useState<ClientActionError | null>(null);
  const [limitTouched, setLimitTouched] = useState(false);
  const [isSaving, startSaving] = useTransition();
  const [isConfirmingRemoval, setIsConfirmingRemoval] = useState(false);
  const [removalError, setRemovalError] = useState<string | null>(null);
  const [isRemoving, startRemoving] = useTransition();

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
  const isBelowUsage =
    parsedLimit.ok && parsedLimit.value !== null && parsedLimit.value < member.usedThisMonth;

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
    if (!isLimitChanged && !isRoleChanged) {
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
          }),
        );
        if (!result.ok) {
          setError(result.error);
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
      onClose();
      router.refresh();
    });
  }

  function remove() {
    setRemovalError(null);
    startRemoving(async () => {
      const result = await runAction(() =>
        removeMemberAction({ workspaceId: workspace.id, membershipId: member.membershipId }),
      );
      if (!result.ok) {
        setRemovalError(result.error.message);
        return;
      }
      toast.success(`${member.name} was removed from ${workspace.name}`);
      onRemoved?.();
      setIsConfirmingRemoval(false);
      onClose();
      // Someone who removes themselves has no workspace page to come back to.
      if (isSelf) router.push("/");
      else router.refresh();
    });
  }

  const limitId = `${ids}-limit`;
  const unlimitedId = `${ids}-unlimited`;
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
          if (!isConfirmingRemoval) return;
          event.preventDefault();
          if (!isRemoving) {
            setIsConfirmingRemoval(false);
            setRemovalError(null);
          }
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

            <fieldset className="space-y-3">
              <legend className="text-sm font-semibold text-slate-900 dark:text-white">
                Monthly credit limit
              </legend>
              <SwitchField
                id={unlimitedId}
                label="Unlimited"
                hint="Can spend from the shared pool without a monthly cap."
                checked={isUnlimited}
                onChange={(checked) => {
                  setIsUnlimited(checked);
                  setLimitTouched(false);
                }}
              />
              {isUnlimited ? null : (
                <Field
                  id={limitId}
                  label="Credits per month"
                  hint="A whole number. 0 stops them spending at all."
                  errors={limitErrors.length > 0 ? limitErrors : undefined}
                >
                  {(aria) => (
                    <Input
                      {...aria}
                      inputMode="numeric"
                      autoComplete="off"
                      value={limitText}
                      onChange={(event) => setLimitText(event.target.value)}
                      onBlur={() => setLimitTouched(true)}
                      className="max-w-48 tabular-nums"
                    />
                  )}
                </Field>
              )}
              {isBelowUsage ? (
                <p
                  role="status"
                  className="rounded-md bg-amber-50 px-3 py-2.5 text-sm text-amber-900 ring-1 ring-amber-600/25 ring-inset dark:bg-amber-500/10 dark:text-amber-200 dark:ring-amber-400/30"
                >
                  {isSelf ? "You have" : `${member.name} has`} already used{" "}
                  {formatCredits(member.usedThisMonth)} credits this month, more than this limit.{" "}
                  {isSelf ? "You" : "They"} won&apos;t be able to spend until the limit resets ({resetsLabel}
                  ).
                </p>
              ) : null}
            </fieldset>

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
              removalRefusal ? (
                <p className="text-xs text-slate-600 dark:text-slate-400">
                  {removalRefusal === "last_owner"
                    ? "The only owner can't be removed."
                    : "Only owners can remove an owner."}
                </p>
              ) : (
                <button
                  type="button"
                  className={cn(DANGER_GHOST_CLASS, BUTTON_SIZE.md)}
                  onClick={() => setIsConfirmingRemoval(true)}
                  disabled={isSaving}
                >
                  {isSelf ? "Leave workspace" : "Remove member"}
                </button>
              )
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

      <ConfirmDialog
        open={isConfirmingRemoval}
        onOpenChange={(open) => {
          setIsConfirmingRemoval(open);
          if (!open) setRemovalError(null);
        }}
        title={isSelf ? `Leave ${workspace.name}?` : `Remove ${member.name}?`}
        description={
          isSelf
            ? "You lose access at once and can't spend this workspace's credits any more. An owner or admin can invite you again."
            : `${member.name} loses access to ${workspace.name} at once and can no longer spend its credits. Their past usage stays in the records, and their seat becomes free.`
        }
        confirmLabel={isSelf ? "Leave workspace" : "Remove member"}
        pendingLabel="Removing…"
        isPending={isRemoving}
        onConfirm={remove}
        error={removalError}
      />
    </>
  );
}
