"use client";

import * as AlertDialogPrimitive from "@radix-ui/react-alert-dialog";
import * as DialogPrimitive from "@radix-ui/react-dialog";
import type { ReactNode } from "react";
import { cn } from "@/components/ui/cn";
import { FormMessage, buttonClasses } from "@/components/shell/controls";
import { DIALOG_DESCRIPTION, DIALOG_OVERLAY, DIALOG_TITLE } from "@/components/shell/dialog-styles";
import { useReturnFocus } from "@/components/shell/return-focus";

const OVERLAY_CLASS = DIALOG_OVERLAY;
const CONTENT_CLASS =
  "fixed top-1/2 left-1/2 z-50 max-h-[calc(100dvh-2rem)] w-[calc(100vw-2rem)] -translate-x-1/2 -translate-y-1/2 overflow-y-auto rounded-xl border border-slate-200 bg-white shadow-xl shadow-slate-900/10 focus:outline-none dark:border-slate-800 dark:bg-slate-900";

type ModalProps = {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: ReactNode;
  description?: ReactNode;
  children: ReactNode;
  /** Tailwind max-width class. */
  width?: string;
  /** Called on Esc before the dialog closes; `event.preventDefault()` keeps it open. */
  onEscapeKeyDown?: (event: KeyboardEvent) => void;
};

/** A modal dialog (focus trap, Esc closes, labelled by its title, focus back to the opener). */
export function Modal({
  open,
  onOpenChange,
  title,
  description,
  children,
  width = "max-w-lg",
  onEscapeKeyDown,
}: ModalProps) {
  const returnFocus = useReturnFocus(open);
  return (
    <DialogPrimitive.Root open={open} onOpenChange={onOpenChange}>
      <DialogPrimitive.Portal>
        <DialogPrimitive.Overlay className={OVERLAY_CLASS} />
        <DialogPrimitive.Content
          className={cn(CONTENT_CLASS, width)}
          onCloseAutoFocus={returnFocus}
          onEscapeKeyDown={onEscapeKeyDown}
          // Without a description Radix warns unless aria-describedby is explicitly cleared.
          {...(description ? {} : { "aria-describedby": undefined })}
        >
          <div className="border-b border-slate-200 py-4 pr-14 pl-6 dark:border-slate-800">
            <DialogPrimitive.Title className={DIALOG_TITLE}>{title}</DialogPrimitive.Title>
            {description ? (
              <DialogPrimitive.Description className={DIALOG_DESCRIPTION}>
                {description}
              </DialogPrimitive.Description>
            ) : null}
          </div>
          {children}
          {/* Last in the DOM so focus starts on the dialog's first field, not on Close. */}
          <DialogPrimitive.Close
            className={buttonClasses("ghost", "absolute top-3 right-3 px-2! py-1.5!")}
            aria-label="Close"
          >
            <svg aria-hidden="true" viewBox="0 0 20 20" className="size-4" fill="currentColor">
              <path d="M6.28 5.22a.75.75 0 0 0-1.06 1.06L8.94 10l-3.72 3.72a.75.75 0 1 0 1.06 1.06L10 11.06l3.72 3.72a.75.75 0 1 0 1.06-1.06L11.06 10l3.72-3.72a.75.75 0 0 0-1.06-1.06L10 8.94 6.28 5.22Z" />
            </svg>
          </DialogPrimitive.Close>
        </DialogPrimitive.Content>
      </DialogPrimitive.Portal>
    </DialogPrimitive.Root>
  );
}

/** The bottom row of a modal: actions on the right (primary last), anything else on the left. */
export function ModalFooter({ children, start }: { children: ReactNode; start?: ReactNode }) {
  return (
    <div className="flex flex-col-reverse gap-3 border-t border-slate-200 bg-slate-50 px-6 py-4 sm:flex-row sm:items-center sm:justify-between dark:border-slate-800 dark:bg-slate-900/60">
      <div>{start}</div>
      <div className="flex flex-col-reverse gap-2 sm:flex-row">{children}</div>
    </div>
  );
}

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
        <AlertDialogPrimitive.Overlay className={OVERLAY_CLASS} />
        <AlertDialogPrimitive.Content
          className={cn(CONTENT_CLASS, "max-w-md p-6")}
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
