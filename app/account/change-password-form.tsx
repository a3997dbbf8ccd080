"use client";

import { useState, type FormEvent } from "react";
import { toast } from "sonner";
import { changePasswordAction } from "@/lib/actions/auth/change-password";
import { NewPasswordField } from "@/components/auth/new-password-field";
import { TextField } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { SubmitButton } from "@/components/ui/button";
import { useActionForm } from "@/components/ui/run-action";

const EMPTY = { currentPassword: "", newPassword: "", confirmPassword: "" };

type PasswordName = keyof typeof EMPTY;

/** Current password, new password and its confirmation; other sessions end when it changes. */
export function ChangePasswordForm({ email }: { email: string }) {
  const [values, setValues] = useState(EMPTY);
  const { pending, message, fieldErrors, run } = useActionForm();
  /** What ties a field to its value and its errors, by the field's name. */
  const bind = (name: PasswordName) => ({
    name,
    value: values[name],
    onChange: (value: string) => setValues((v) => ({ ...v, [name]: value })),
    errors: fieldErrors[name],
  });

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const result = await run(() => changePasswordAction(values));
    if (!result.ok) return;
    setValues(EMPTY);
    const ended = result.data.endedSessions;
    toast.success(
      ended === 0
        ? "Your password was changed."
        : `Your password was changed. ${ended === 1 ? "1 other session was" : `${ended} other sessions were`} signed out.`,
    );
  }

  return (
    <form onSubmit={onSubmit} className="max-w-sm space-y-5" noValidate>
      {/* For password managers: which account this password belongs to. */}
      <input type="email" name="username" autoComplete="username" value={email} readOnly hidden />
      {message ? <FormMessage>{message}</FormMessage> : null}
      <TextField
        id="current-password"
        {...bind("currentPassword")}
        label="Current password"
        type="password"
        autoComplete="current-password"
        required
      />
      <NewPasswordField id="new-password" {...bind("newPassword")} label="New password" />
      <TextField
        id="confirm-password"
        {...bind("confirmPassword")}
        label="Confirm new password"
        type="password"
        autoComplete="new-password"
        required
      />
      <SubmitButton pending={pending} pendingLabel="Changing password…">
        Change password
      </SubmitButton>
    </form>
  );
}
