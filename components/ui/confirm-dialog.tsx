"use client";

import * as AlertDialogPrimitive from "@radix-ui/react-alert-dialog";
import type { ReactNode } from "react";
import { buttonClasses } from "./button";
import { cn } from "./cn";
import { DIALOG_DESCRIPTION, DIALOG_OVERLAY, DIALOG_TITLE, MODAL_CONTENT } from "./dialog-styles";
import { FormMessage } from "./form-message";
import { useReturnFocus } from "./return-focus";

type ConfirmProps = {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: ReactNode;
  description: ReactNode;
  confirmLabel: string;
  pendingLabel: string;
  isPending: boolean;
  onConfirm: () => void;
  /** An error from the server, shown above the buttons. */
  error?: string | null;
};

/** A destructive confirmation (alertdialog). Stays open while the action runs so errors can be shown. */
export function ConfirmDialog({
  open,
  onOpenChange,
  title,
  description,
  confirmLabel,
  pendingLabel,
  isPending,
  onConfirm,
  error,
}: ConfirmProps) {
  const returnFocus = useReturnFocus(open);
  return (
    <AlertDialogPrimitive.Root
      open={open}
      onOpenChange={(next) => (isPending ? undefined : onOpenChange(next))}
    >
      <AlertDialogPrimitive.Portal>
        <AlertDialogPrimitive.Overlay className={DIALOG_OVERLAY} />
        <AlertDialogPrimitive.Content
          className={cn(MODAL_CONTENT, "max-w-md p-6")}
          onCloseAutoFocus={returnFocus}
        >
          <AlertDialogPrimitive.Title className={DIALOG_TITLE}>{title}</AlertDialogPrimitive.Title>
          <AlertDialogPrimitive.Description className={cn(DIALOG_DESCRIPTION, "mt-2")}>
            {description}
          </AlertDialogPrimitive.Description>
          {error ? <FormMessage className="mt-4">{error}</FormMessage> : null}
          <div className="mt-6 flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
            <AlertDialogPrimitive.Cancel className={buttonClasses("secondary")} disabled={isPending}>
              Cancel
            </AlertDialogPrimitive.Cancel>
            <button
              type="button"
              className={buttonClasses("danger")}
              onClick={onConfirm}
              disabled={isPending}
            >
              {isPending ? pendingLabel : confirmLabel}
            </button>
          </div>
        </AlertDialogPrimitive.Content>
      </AlertDialogPrimitive.Portal>
    </AlertDialogPrimitive.Root>
  );
}
