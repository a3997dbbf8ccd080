"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { toast } from "sonner";
import { deleteWorkspaceAction } from "@/lib/actions/workspaces/delete-workspace";
import { Button, SubmitButton } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { Input } from "@/components/ui/input";
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
  const [pending, setPending] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string[]>>({});
  const isConfirmed = confirmName.trim() === workspaceName;

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!isConfirmed) return;
    setPending(true);
    setMessage(null);
    setFieldErrors({});
    try {
      const result = await deleteWorkspaceAction({ workspaceId, confirmName });
      if (!result.ok) {
        setMessage(result.error.message);
        setFieldErrors(result.error.fieldErrors ?? {});
        setPending(false);
        return;
      }
      toast.success(`${workspaceName} was deleted.`);
      router.replace("/");
      router.refresh();
    } catch {
      setMessage("Could not reach the server. Check your connection and try again.");
      setPending(false);
    }
  }

  return (
    <CompactAlertDialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (!next) {
          setConfirmName("");
          setMessage(null);
          setFieldErrors({});
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
        <Field
          id="delete-workspace-confirm"
          label={
            <>
              Type <span className="font-semibold">{workspaceName}</span> to confirm
            </>
          }
          errors={fieldErrors.confirmName}
        >
          {(aria) => (
            <Input
              {...aria}
              name="confirmName"
              autoComplete="off"
              spellCheck={false}
              value={confirmName}
              onChange={(event) => setConfirmName(event.target.value)}
            />
          )}
        </Field>
        <CompactAlertDialogButtons isPending={pending}>
          <SubmitButton variant="danger" pending={pending} pendingLabel="Deleting…" disabled={!isConfirmed}>
            Delete workspace
          </SubmitButton>
        </CompactAlertDialogButtons>
      </form>
    </CompactAlertDialog>
  );
}
