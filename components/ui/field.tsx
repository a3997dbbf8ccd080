import type { ReactNode } from "react";
import { cn } from "./cn";

// A labelled form control: its hint and the server's errors for it sit under it and are tied to it
// with aria-describedby, and aria-invalid marks it while it has errors.

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
      {errorId ? <FieldError id={errorId} errors={errors ?? []} /> : null}
    </div>
  );
}

/** A control's errors, under it: `id` is what the control's aria-describedby names. */
export function FieldError({ id, errors, className }: { id: string; errors: string[]; className?: string }) {
  return (
    <p id={id} className={cn("mt-1.5 text-xs font-medium text-red-600 dark:text-red-400", className)}>
      {errors.join(" ")}
    </p>
  );
}
