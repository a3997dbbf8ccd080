"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { toast } from "sonner";
import { removeMemberAction } from "@/lib/actions/members/remove-member";
import type { RoleChangeRefusal } from "@/lib/auth/permissions";
import { BUTTON_SIZE, DANGER_GHOST_CLASS } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { runAction } from "@/components/ui/run-action";
import type { MemberView, WorkspaceRef } from "./types";

type RemovalOptions = {
  member: MemberView;
  workspace: WorkspaceRef;
  isSelf: boolean;
  /** Closes the editor the removal was asked from. */
  onClose: () => void;
  /** After the member is removed (their row, where focus would go back, is about to disappear). */
  onRemoved?: () => void;
};

/**
 * Removing a member (or leaving, for oneself) from the editor: the confirmation it asks for, and
 * whether it is open or running, so the editor's Esc can close the confirmation first.
 */
export function useMemberRemoval({ member, workspace, isSelf, onClose, onRemoved }: RemovalOptions) {
  const router = useRouter();
  const [isConfirming, setIsConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [isRemoving, startRemoving] = useTransition();

  function dismiss() {
    setIsConfirming(false);
    setError(null);
  }

  function remove() {
    setError(null);
    startRemoving(async () => {
      const result = await runAction(() =>
        removeMemberAction({ workspaceId: workspace.id, membershipId: member.membershipId }),
      );
      if (!result.ok) {
        setError(result.error.message);
        return;
      }
      toast.success(`${member.name} was removed from ${workspace.name}`);
      onRemoved?.();
      setIsConfirming(false);
      onClose();
      // Someone who removes themselves has no workspace page to come back to.
      if (isSelf) router.push("/");
      else router.refresh();
    });
  }

  const confirmDialog = (
    <ConfirmDialog
      open={isConfirming}
      onOpenChange={(open) => (open ? setIsConfirming(true) : dismiss())}
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
      error={error}
    />
  );

  return { isConfirming, isRemoving, ask: () => setIsConfirming(true), dismiss, confirmDialog };
}

/** The editor footer's start: the Remove (or Leave) button, or why this member can't be removed. */
export function RemovalAction({
  refusal,
  isSelf,
  disabled,
  onAsk,
}: {
  refusal: RoleChangeRefusal | null;
  isSelf: boolean;
  disabled: boolean;
  onAsk: () => void;
}) {
  if (refusal) {
    return (
      <p className="text-xs text-slate-600 dark:text-slate-400">
        {refusal === "last_owner" ? "The only owner can't be removed." : "Only owners can remove an owner."}
      </p>
    );
  }
  return (
    <button
      type="button"
      className={cn(DANGER_GHOST_CLASS, BUTTON_SIZE.md)}
      onClick={onAsk}
      disabled={disabled}
    >
      {isSelf ? "Leave workspace" : "Remove member"}
    </button>
  );
}
