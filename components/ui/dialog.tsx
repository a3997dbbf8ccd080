"use client";

import * as DialogPrimitive from "@radix-ui/react-dialog";
import type { ReactNode } from "react";
import { buttonClasses } from "./button";
import { cn } from "./cn";
import { DIALOG_DESCRIPTION, DIALOG_OVERLAY, DIALOG_TITLE, MODAL_CONTENT } from "./dialog-styles";
import { useReturnFocus } from "./return-focus";

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
        <DialogPrimitive.Overlay className={DIALOG_OVERLAY} />
        <DialogPrimitive.Content
          className={cn(MODAL_CONTENT, width)}
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
