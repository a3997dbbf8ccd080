"use client";

import * as AlertDialog from "@radix-ui/react-alert-dialog";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { toast } from "sonner";
import { deleteWorkspaceAction } from "@/lib/actions/workspaces/delete-workspace";
import { Button, buttonClasses, SubmitButton } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { Input } from "@/components/ui/input";
import {
  DIALOG_CONTENT,
  DIALOG_DESCRIPTION,
  DIALOG_OVERLAY,
  DIALOG_TITLE,
} from "@/components/ui/dialog-styles";

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
    <AlertDialog.Root
      open={open}
      onOpenChange={(next) => {
        if (pending) return;
        setOpen(next);
        if (!next) {
          setConfirmName("");
          setMessage(null);
          setFieldErrors({});
        }
      }}
    >
      <AlertDialog.Trigger className={buttonClasses("danger")}>Delete workspace</AlertDialog.Trigger>
      <AlertDialog.Portal>
        <AlertDialog.Overlay className={DIALOG_OVERLAY} />
        <AlertDialog.Content className={DIALOG_CONTENT}>
          <AlertDialog.Title className={DIALOG_TITLE}>Delete {workspaceName}?</AlertDialog.Title>
          <AlertDialog.Description className={DIALOG_DESCRIPTION}>
            Its credits, transaction history, members and audit log are deleted with it. This can&apos;t be
            undone.
          </AlertDialog.Description>
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
            <div className="flex flex-col-reverse gap-3 sm:flex-row sm:justify-end">
              <AlertDialog.Cancel asChild>
                <Button variant="secondary" disabled={pending}>
                  Cancel
                </Button>
              </AlertDialog.Cancel>
              <SubmitButton
                variant="danger"
                pending={pending}
                pendingLabel="Deleting…"
                disabled={!isConfirmed}
              >
                Delete workspace
              </SubmitButton>
            </div>
          </form>
        </AlertDialog.Content>
      </AlertDialog.Portal>
    </AlertDialog.Root>
  );
}
