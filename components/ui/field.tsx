import type { ComponentProps, ReactNode } from "react";
import { cn } from "./cn";
import { Input } from "./input";

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

type TextFieldProps = Omit<ComponentProps<"input">, "id" | "value" | "onChange"> & {
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  errors?: string[];
  value: string;
  /** Called with the control's new text. */
  onChange: (value: string) => void;
};

/** A labelled text input (any Input attributes pass through to it), with its hint and errors. */
export function TextField({ id, label, hint, errors, onChange, ...input }: TextFieldProps) {
  return (
    <Field id={id} label={label} hint={hint} errors={errors}>
      {(aria) => <Input {...aria} {...input} onChange={(event) => onChange(event.target.value)} />}
    </Field>
  );
}
