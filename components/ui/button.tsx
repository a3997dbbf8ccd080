import type { ComponentProps } from "react";
import { cn } from "./cn";

// One look for buttons: <Button> and <SubmitButton>, and buttonClasses() for links and Radix
// triggers that must look like one.

export type ButtonVariant = "primary" | "secondary" | "danger" | "ghost";

const BUTTON_VARIANTS: Record<ButtonVariant, string> = {
  primary:
    "bg-indigo-600 text-white shadow-sm hover:bg-indigo-500 focus-visible:outline-indigo-600 disabled:bg-indigo-600/60",
  secondary:
    "bg-white text-slate-900 shadow-sm ring-1 ring-slate-300 ring-inset hover:bg-slate-50 focus-visible:outline-indigo-600 dark:bg-slate-800 dark:text-white dark:ring-slate-700 dark:hover:bg-slate-700",
  danger:
    "bg-red-600 text-white shadow-sm hover:bg-red-500 focus-visible:outline-red-600 disabled:bg-red-600/60",
  ghost:
    "text-slate-700 hover:bg-slate-100 focus-visible:outline-indigo-600 dark:text-slate-300 dark:hover:bg-slate-800",
};

/** The classes of a button, for <button> and for links that look like one. */
export function buttonClasses(variant: ButtonVariant = "primary", className?: string): string {
  return cn(
    "inline-flex items-center justify-center gap-2 rounded-md px-3.5 py-2 text-sm font-medium whitespace-nowrap transition-colors focus-visible:outline-2 focus-visible:outline-offset-2 disabled:cursor-not-allowed",
    BUTTON_VARIANTS[variant],
    className,
  );
}

export function Button({
  variant = "primary",
  className,
  type = "button",
  ...props
}: ComponentProps<"button"> & { variant?: ButtonVariant }) {
  return <button type={type} className={buttonClasses(variant, className)} {...props} />;
}

/** A submit button that says it is working while `pending`. */
export function SubmitButton({
  pending,
  pendingLabel,
  children,
  ...props
}: ComponentProps<typeof Button> & { pending: boolean; pendingLabel: string }) {
  return (
    // The spread comes first: a `disabled` passed in must not switch the pending state's off.
    <Button type="submit" {...props} disabled={pending || props.disabled} aria-disabled={pending}>
      {pending ? (
        <>
          <span
            className="size-3.5 animate-spin rounded-full border-2 border-current border-r-transparent"
            aria-hidden="true"
          />
          {pendingLabel}
        </>
      ) : (
        children
      )}
    </Button>
  );
}

/** Size classes for buttons; `!` so they win over the shared button classes' own padding. */
export const BUTTON_SIZE = {
  md: "px-3.5 py-2 text-sm",
  sm: "px-2.5! py-1.5! text-xs!",
  icon: "px-2! py-1.5!",
} as const;

/** A quiet destructive button (Remove, Revoke): red text, no fill until hovered. Add a BUTTON_SIZE. */
export const DANGER_GHOST_CLASS =
  "inline-flex items-center justify-center gap-2 rounded-md font-medium whitespace-nowrap text-red-700 transition-colors hover:bg-red-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-red-600 disabled:cursor-not-allowed disabled:opacity-60 dark:text-red-400 dark:hover:bg-red-500/10";
