"use client";

import { useState, type FormEvent } from "react";
import { toast } from "sonner";
import { changePasswordAction } from "@/lib/actions/auth/change-password";
import { NewPasswordField } from "@/components/auth/new-password-field";
import { Field } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { Input } from "@/components/ui/input";
import { SubmitButton } from "@/components/ui/button";

const EMPTY = { currentPassword: "", newPassword: "", confirmPassword: "" };

/** Current password, new password and its confirmation; other sessions end when it changes. */
export function ChangePasswordForm({ email }: { email: string }) {
  const [values, setValues] = useState(EMPTY);
  const [pending, setPending] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string[]>>({});
  const set = (field: keyof typeof EMPTY) => (value: string) => setValues((v) => ({ ...v, [field]: value }));

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setPending(true);
    setMessage(null);
    setFieldErrors({});
    try {
      const result = await changePasswordAction(values);
      if (!result.ok) {
        setMessage(result.error.message);
        setFieldErrors(result.error.fieldErrors ?? {});
        return;
      }
      setValues(EMPTY);
      const ended = result.data.endedSessions;
      toast.success(
        ended === 0
          ? "Your password was changed."
          : `Your password was changed. ${ended === 1 ? "1 other session was" : `${ended} other sessions were`} signed out.`,
      );
    } catch {
      setMessage("Could not reach the server. Check your connection and try again.");
    } finally {
      setPending(false);
    }
  }

  return (
    <form onSubmit={onSubmit} className="max-w-sm space-y-5" noValidate>
      {/* For password managers: which account this password belongs to. */}
      <input type="email" name="username" autoComplete="username" value={email} readOnly hidden />
      {message ? <FormMessage>{message}</FormMessage> : null}
      <PasswordField
        id="current-password"
        label="Current password"
        name="currentPassword"
        autoComplete="current-password"
        value={values.currentPassword}
        onChange={set("currentPassword")}
        errors={fieldErrors.currentPassword}
      />
      <NewPasswordField
        id="new-password"
        label="New password"
        name="newPassword"
        value={values.newPassword}
        onChange={set("newPassword")}
        errors={fieldErrors.newPassword}
      />
      <PasswordField
        id="confirm-password"
        label="Confirm new password"
        name="confirmPassword"
        autoComplete="new-password"
        value={values.confirmPassword}
        onChange={set("confirmPassword")}
        errors={fieldErrors.confirmPassword}
      />
      <SubmitButton pending={pending} pendingLabel="Changing password…">
        Change password
      </SubmitButton>
    </form>
  );
}

function PasswordField({
  onChange,
  errors,
  label,
  id,
  ...input
}: {
  id: string;
  label: string;
  name: string;
  autoComplete: string;
  value: string;
  onChange: (value: string) => void;
  errors?: string[];
}) {
  return (
    <Field id={id} label={label} errors={errors}>
      {(aria) => (
        <Input
          {...aria}
          {...input}
          type="password"
          required
          onChange={(event) => onChange(event.target.value)}
        />
      )}
    </Field>
  );
}
