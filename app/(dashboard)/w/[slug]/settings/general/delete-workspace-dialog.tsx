"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { toast } from "sonner";
import { deleteWorkspaceAction } from "@/lib/actions/workspaces/delete-workspace";
import { Button, SubmitButton } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { useActionForm } from "@/components/ui/run-action";
import { CompactAlertDialog, CompactAlertDialogButtons } from "@/components/ui/compact-alert-dialog";

/** The danger zone's confirmation: the owner types the workspace's name, then it is deleted. */
export function DeleteWorkspaceDialog({
  workspaceId,
  workspaceName,
}: {
  workspaceId: string;
  workspaceName: string;
}) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [confirmName, setConfirmName] = useState("");
  const { pending, message, fieldErrors, run, clear } = useActionForm();
  const isConfirmed = confirmName.trim() === workspaceName;

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!isConfirmed) return;
    const result = await run(() => deleteWorkspaceAction({ workspaceId, confirmName }), {
      keepPending: true,
    });
    if (!result.ok) return;
    toast.success(`${workspaceName} was deleted.`);
    router.replace("/");
    router.refresh();
  }

  return (
    <CompactAlertDialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (!next) {
          setConfirmName("");
          clear();
        }
      }}
      isPending={pending}
      trigger={<Button variant="danger">Delete workspace</Button>}
      title={`Delete ${workspaceName}?`}
      description={
        <>
          Its credits, transaction history, members and audit log are deleted with it. This can&apos;t be
          undone.
        </>
      }
    >
      <form onSubmit={onSubmit} className="mt-5 space-y-5">
        {message ? <FormMessage>{message}</FormMessage> : null}
        <TextField
          id="delete-workspace-confirm"
          label={
            <>
              Type <span className="font-semibold">{workspaceName}</span> to confirm
            </>
          }
          errors={fieldErrors.confirmName}
          name="confirmName"
          autoComplete="off"
          spellCheck={false}
          value={confirmName}
          onChange={setConfirmName}
        />
        <CompactAlertDialogButtons isPending={pending}>
          <SubmitButton variant="danger" pending={pending} pendingLabel="Deleting…" disabled={!isConfirmed}>
            Delete workspace
          </SubmitButton>
        </CompactAlertDialogButtons>
      </form>
    </CompactAlertDialog>
  );
}
