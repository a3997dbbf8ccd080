"use client";

import * as Dialog from "@radix-ui/react-dialog";
import { useRouter } from "next/navigation";
import { useState, type FormEvent, type RefObject } from "react";
import { toast } from "sonner";
import { createWorkspaceAction } from "@/lib/actions/workspaces/create-workspace";
import { Button, SubmitButton } from "@/components/ui/button";
import { FormMessage } from "@/components/ui/form-message";
import {
  DIALOG_CONTENT,
  DIALOG_DESCRIPTION,
  DIALOG_OVERLAY,
  DIALOG_TITLE,
} from "@/components/ui/dialog-styles";
import { CreateWorkspaceFields, useCreateWorkspaceForm } from "./create-workspace-form";
import { useReturnFocus } from "@/components/ui/return-focus";

/** "Create workspace" from the team dropdown: a dialog with the name and time zone. */
export function CreateWorkspaceDialog({
  open,
  onOpenChange,
  returnFocusTo,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  /** Where focus goes on close: the menu's button, since the menu item that opened it is gone. */
  returnFocusTo?: RefObject<HTMLElement | null>;
}) {
  const router = useRouter();
  const form = useCreateWorkspaceForm();
  const returnFocus = useReturnFocus(open, returnFocusTo);
  const [pending, setPending] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string[]>>({});

  function reset() {
    form.reset();
    setMessage(null);
    setFieldErrors({});
  }

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setPending(true);
    setMessage(null);
    setFieldErrors({});
    try {
      const result = await createWorkspaceAction(form.values);
      if (!result.ok) {
        setMessage(result.error.message);
        setFieldErrors(result.error.fieldErrors ?? {});
        return;
      }
      toast.success(`${form.values.name.trim()} is ready.`);
      onOpenChange(false);
      reset();
      router.push(`/w/${result.data.slug}`);
      router.refresh();
    } catch {
      setMessage("Could not reach the server. Check your connection and try again.");
    } finally {
      setPending(false);
    }
  }

  return (
    <Dialog.Root
      open={open}
      onOpenChange={(next) => {
        if (!next) reset();
        onOpenChange(next);
      }}
    >
      <Dialog.Portal>
        <Dialog.Overlay className={DIALOG_OVERLAY} />
        <Dialog.Content className={DIALOG_CONTENT} onCloseAutoFocus={returnFocus}>
          <Dialog.Title className={DIALOG_TITLE}>Create workspace</Dialog.Title>
          <Dialog.Description className={DIALOG_DESCRIPTION}>
            A new workspace on the Free plan, with its own credits and members. You will be its owner.
          </Dialog.Description>
          <form onSubmit={onSubmit} className="mt-5 space-y-5">
            {message ? <FormMessage>{message}</FormMessage> : null}
            <CreateWorkspaceFields form={form} fieldErrors={fieldErrors} idPrefix="create-workspace-dialog" />
            <div className="flex flex-col-reverse gap-3 sm:flex-row sm:justify-end">
              <Dialog.Close asChild>
                <Button variant="secondary">Cancel</Button>
              </Dialog.Close>
              <SubmitButton pending={pending} pendingLabel="Creating…">
                Create workspace
              </SubmitButton>
            </div>
          </form>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
