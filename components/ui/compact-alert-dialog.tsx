"use client";

import * as AlertDialogPrimitive from "@radix-ui/react-alert-dialog";
import type { ReactNode } from "react";
import { Button } from "./button";
import { cn } from "./cn";
import { DIALOG_CONTENT, DIALOG_DESCRIPTION, DIALOG_OVERLAY, DIALOG_TITLE } from "./dialog-styles";

type Props = {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  /** While the action runs, Esc and Cancel do not close it, so its outcome can still be shown. */
  isPending: boolean;
  /** The button that opens it (made the Radix trigger, which gets focus back on close). */
  trigger?: ReactNode;
  title: ReactNode;
  description: ReactNode;
  /** For a dialog opened from state: useReturnFocus's handler. */
  onCloseAutoFocus?: (event: Event) => void;
  /** What follows the description: more text, a form, the error and the buttons (Radix Cancel closes). */
  children: ReactNode;
};

/**
 * An alertdialog in one padded box (title, text, then the body), for confirmations that say or ask
 * more than ConfirmDialog's two buttons: a typed name, a list of what stays.
 */
export function CompactAlertDialog({
  open,
  onOpenChange,
  isPending,
  trigger,
  title,
  description,
  onCloseAutoFocus,
  children,
}: Props) {
  return (
    <AlertDialogPrimitive.Root
      open={open}
      onOpenChange={(next) => (isPending ? undefined : onOpenChange(next))}
    >
      {trigger ? <AlertDialogPrimitive.Trigger asChild>{trigger}</AlertDialogPrimitive.Trigger> : null}
      <AlertDialogPrimitive.Portal>
        <AlertDialogPrimitive.Overlay className={DIALOG_OVERLAY} />
        <AlertDialogPrimitive.Content className={DIALOG_CONTENT} onCloseAutoFocus={onCloseAutoFocus}>
          <AlertDialogPrimitive.Title className={DIALOG_TITLE}>{title}</AlertDialogPrimitive.Title>
          <AlertDialogPrimitive.Description className={DIALOG_DESCRIPTION}>
            {description}
          </AlertDialogPrimitive.Description>
          {children}
        </AlertDialogPrimitive.Content>
      </AlertDialogPrimitive.Portal>
    </AlertDialogPrimitive.Root>
  );
}

/** The dialog's buttons, on the right: Cancel (Radix closes it; off while pending), then `children`. */
export function CompactAlertDialogButtons({
  isPending,
  cancelLabel = "Cancel",
  className,
  children,
}: {
  isPending: boolean;
  cancelLabel?: string;
  className?: string;
  children: ReactNode;
}) {
  return (
    <div className={cn("flex flex-col-reverse gap-3 sm:flex-row sm:justify-end", className)}>
      <AlertDialogPrimitive.Cancel asChild>
        <Button variant="secondary" disabled={isPending}>
          {cancelLabel}
        </Button>
      </AlertDialogPrimitive.Cancel>
      {children}
    </div>
  );
}
