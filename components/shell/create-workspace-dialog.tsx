"use client";

import * as Dialog from "@radix-ui/react-dialog";
import type { FormEvent } from "react";
import { Button, SubmitButton } from "@/components/ui/button";
import { FormMessage } from "@/components/ui/form-message";
import {
  DIALOG_CONTENT,
  DIALOG_DESCRIPTION,
  DIALOG_OVERLAY,
  DIALOG_TITLE,
} from "@/components/ui/dialog-styles";
import { CreateWorkspaceFields, useCreateWorkspaceForm } from "./create-workspace-form";
import { useReturnFocus, type StateDialogProps } from "@/components/ui/return-focus";

/** "Create workspace" from the team dropdown: a dialog with the name and time zone. */
export function CreateWorkspaceDialog({ open, onOpenChange, returnFocusTo }: StateDialogProps) {
  const form = useCreateWorkspaceForm();
  const returnFocus = useReturnFocus(open, returnFocusTo);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    void form.create({
      onCreated() {
        onOpenChange(false);
        form.reset();
      },
    });
  }

  return (
    <Dialog.Root
      open={open}
      onOpenChange={(next) => {
        if (!next) form.reset();
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
            {form.message ? <FormMessage>{form.message}</FormMessage> : null}
            <CreateWorkspaceFields form={form} idPrefix="create-workspace-dialog" />
            <div className="flex flex-col-reverse gap-3 sm:flex-row sm:justify-end">
              <Dialog.Close asChild>
                <Button variant="secondary">Cancel</Button>
              </Dialog.Close>
              <SubmitButton pending={form.pending} pendingLabel="Creating…">
                Create workspace
              </SubmitButton>
            </div>
          </form>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
