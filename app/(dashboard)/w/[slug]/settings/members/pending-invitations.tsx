"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { toast } from "sonner";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, TableBody, TableHead, Td, Th } from "@/components/ui/table";
import { ROLE_LABELS } from "@/components/credits/labels";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Modal, ModalFooter } from "@/components/ui/dialog";
import { BUTTON_SIZE, DANGER_GHOST_CLASS, Button } from "@/components/ui/button";
import { runAction } from "@/components/ui/run-action";
import { InviteLinkResult, type InvitationLinkResult } from "./invite-link-result";
import { FormMessage } from "@/components/ui/form-message";
import { resendInvitationAction } from "@/lib/actions/invitations/resend-invitation";
import { revokeInvitationAction } from "@/lib/actions/invitations/revoke-invitation";
import type { PendingInvitationView, WorkspaceRef } from "./types";

type Props = {
  invitations: PendingInvitationView[];
  workspace: WorkspaceRef;
  canManage: boolean;
};

const HEADING_ID = "pending-invitations";

/** Invitations nobody has answered yet, each holding a seat: resend a fresh link, or revoke. */
export function PendingInvitations({ invitations, workspace, canManage }: Props) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [busyId, setBusyId] = useState<string | null>(null);
  const [resent, setResent] = useState<{ to: string; invitation: InvitationLinkResult } | null>(null);
  const [revoking, setRevoking] = useState<PendingInvitationView | null>(null);
  const [revokeError, setRevokeError] = useState<string | null>(null);
  const [isPending, startTransition] = useTransition();

  function resend(invitation: PendingInvitationView) {
    setError(null);
    setBusyId(invitation.id);
    startTransition(async () => {
      const result = await runAction(() =>
        resendInvitationAction({ workspaceId: workspace.id, invitationId: invitation.id }),
      );
      setBusyId(null);
      if (!result.ok) {
        setError(result.error.message);
        router.refresh();
        return;
      }
      setResent({ to: invitation.email, invitation: result.data });
      router.refresh();
    });
  }

  function revoke() {
    if (!revoking) return;
    const invitation = revoking;
    setRevokeError(null);
    startTransition(async () => {
      const result = await runAction(() =>
        revokeInvitationAction({ workspaceId: workspace.id, invitationId: invitation.id }),
      );
      if (!result.ok) {
        setRevokeError(result.error.message);
        return;
      }
      setRevoking(null);
      toast.success(`Revoked the invitation for ${invitation.email}`);
      router.refresh();
    });
  }

  return (
    <Card aria-labelledby={HEADING_ID}>
      <div className="flex flex-wrap items-baseline justify-between gap-2 px-6 py-4">
        <h2 id={HEADING_ID} className="text-base font-semibold text-slate-900 dark:text-white">
          Pending invitations
        </h2>
        <p className="text-sm text-slate-600 dark:text-slate-400">
          {invitations.length === 0
            ? "None waiting"
            : `${invitations.length} waiting · each holds a seat until it is accepted, revoked or expires`}
        </p>
      </div>
      {error ? <FormMessage className="mx-6 mb-4">{error}</FormMessage> : null}
      {invitations.length === 0 ? (
        <div className="px-6 pb-6">
          <EmptyState title="No pending invitations">
            People you invite appear here until they accept. Use Invite members to add someone.
          </EmptyState>
        </div>
      ) : (
        <div className="relative px-6">
          <Table aria-labelledby={HEADING_ID}>
            <TableHead>
              <tr>
                <Th>Email</Th>
                <Th>Role</Th>
                <Th>Invited by</Th>
                <Th>Expires</Th>
                {canManage ? (
                  <Th className="text-right">
                    <span className="sr-only">Actions</span>
                  </Th>
                ) : null}
              </tr>
            </TableHead>
            <TableBody>
              {invitations.map((invitation) => (
                <tr key={invitation.id} data-testid="pending-invitation">
                  <Th scope="row" className="font-medium text-slate-900 dark:text-white">
                    {invitation.email}
                  </Th>
                  <Td>
                    <Badge tone={invitation.role === "member" ? "neutral" : "accent"}>
                      {ROLE_LABELS[invitation.role]}
                    </Badge>
                  </Td>
                  <Td className="text-slate-600 dark:text-slate-400">
                    {invitation.invitedBy ?? "A former member"}
                  </Td>
                  <Td className="text-slate-600 dark:text-slate-400">{invitation.expiresLabel}</Td>
                  {canManage ? (
                    <Td className="text-right">
                      <div className="flex justify-end gap-2">
                        <Button
                          variant="secondary"
                          className={BUTTON_SIZE.sm}
                          onClick={() => resend(invitation)}
                          disabled={isPending}
                          aria-label={`Resend the invitation for ${invitation.email}`}
                        >
                          {busyId === invitation.id ? "Resending…" : "Resend"}
                        </Button>
                        <button
                          type="button"
                          className={cn(DANGER_GHOST_CLASS, BUTTON_SIZE.sm)}
                          onClick={() => {
                            setRevokeError(null);
                            setRevoking(invitation);
                          }}
                          disabled={isPending}
                          aria-label={`Revoke the invitation for ${invitation.email}`}
                        >
                          Revoke
                        </button>
                      </div>
                    </Td>
                  ) : null}
                </tr>
              ))}
            </TableBody>
          </Table>
        </div>
      )}

      <Modal
        open={resent !== null}
        onOpenChange={(open) => (open ? undefined : setResent(null))}
        title={resent ? `New link for ${resent.to}` : ""}
        description="The previous link no longer works. This one has a fresh expiry."
      >
        {resent ? (
          <>
            <div className="px-6 py-5">
              <InviteLinkResult result={resent.invitation} to={resent.to} timeZone={workspace.timeZone} />
            </div>
            <ModalFooter>
              <Button onClick={() => setResent(null)}>Done</Button>
            </ModalFooter>
          </>
        ) : null}
      </Modal>

      <ConfirmDialog
        open={revoking !== null}
        onOpenChange={(open) => (open ? undefined : setRevoking(null))}
        title={revoking ? `Revoke the invitation for ${revoking.email}?` : ""}
        description="The link stops working at once and the seat it holds becomes free. You can invite them again later."
        confirmLabel="Revoke invitation"
        pendingLabel="Revoking…"
        isPending={isPending}
        onConfirm={revoke}
        error={revokeError}
      />
    </Card>
  );
}
