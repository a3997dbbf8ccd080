import type { ComponentProps, ReactNode } from "react";
import { cn } from "@/components/ui/cn";

// Form controls shared by the sign-in pages, the workspace shell and its settings. Plain elements
// with one look; each field is labelled and its error is tied to it with aria-describedby.

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

const CONTROL =
  "block w-full rounded-md border-0 bg-white px-3 py-2 text-sm text-slate-900 shadow-sm ring-1 ring-slate-300 ring-inset placeholder:text-slate-400 focus:ring-2 focus:ring-indigo-600 focus:outline-none disabled:cursor-not-allowed disabled:bg-slate-50 disabled:text-slate-500 aria-invalid:ring-red-500 dark:bg-slate-900 dark:text-white dark:ring-slate-700 dark:placeholder:text-slate-500 dark:focus:ring-indigo-500 dark:disabled:bg-slate-800/60 dark:disabled:text-slate-400 dark:aria-invalid:ring-red-400";

export function Input({ className, ...props }: ComponentProps<"input">) {
  return (
    <input
      className={cn(
        CONTROL,
        "[&[readonly]]:bg-slate-50 [&[readonly]]:text-slate-600 dark:[&[readonly]]:bg-slate-800/60 dark:[&[readonly]]:text-slate-300",
        className,
      )}
      {...props}
    />
  );
}

export function Select({ className, ...props }: ComponentProps<"select">) {
  return <select className={cn(CONTROL, "pr-8", className)} {...props} />;
}

type FieldProps = {
  /** The id of the control inside; the label and messages hang off it. */
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  /** Messages from the server for this field. */
  errors?: string[];
  className?: string;
  /** Renders the control, given the attributes that tie it to its label and messages. */
  children: (aria: { id: string; "aria-invalid"?: true; "aria-describedby"?: string }) => ReactNode;
};

/** A labelled control with an optional hint and the field's errors under it. */
export function Field({ id, label, hint, errors, className, children }: FieldProps) {
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = errors?.length ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(" ") || undefined;
  return (
    <div className={className}>
      <label htmlFor={id} className="block text-sm font-medium text-slate-900 dark:text-white">
        {label}
      </label>
      <div className="mt-1.5">
        {children({ id, ...(errorId ? { "aria-invalid": true } : {}), "aria-describedby": describedBy })}
      </div>
      {hint ? (
        <p id={hintId} className="mt-1.5 text-xs text-slate-600 dark:text-slate-400">
          {hint}
        </p>
      ) : null}
      {errorId ? (
        <p id={errorId} className="mt-1.5 text-xs font-medium text-red-600 dark:text-red-400">
          {errors?.join(" ")}
        </p>
      ) : null}
    </div>
  );
}

/** A form-level message (an action's error, or a notice). Announced when it appears. */
export function FormMessage({
  tone = "error",
  children,
  className,
}: {
  tone?: "error" | "info" | "success";
  children: ReactNode;
  className?: string;
}) {
  return (
    <div
      role={tone === "error" ? "alert" : "status"}
      className={cn(
        "rounded-md px-3 py-2.5 text-sm ring-1 ring-inset",
        tone === "error" &&
          "bg-red-50 text-red-800 ring-red-600/20 dark:bg-red-500/10 dark:text-red-300 dark:ring-red-400/30",
        tone === "info" &&
          "bg-slate-50 text-slate-700 ring-slate-600/15 dark:bg-slate-800/60 dark:text-slate-300 dark:ring-slate-400/20",
        tone === "success" &&
          "bg-emerald-50 text-emerald-800 ring-emerald-600/20 dark:bg-emerald-500/10 dark:text-emerald-300 dark:ring-emerald-400/30",
        className,
      )}
    >
      {children}
    </div>
  );
}
