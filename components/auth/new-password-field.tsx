"use client";

import { PASSWORD_MIN_LENGTH } from "@/lib/auth/password-rules";
import { Field, Input } from "@/components/shell/controls";

/** The password field of the sign-up forms, with the server's length rule. */
export function NewPasswordField({
  id,
  value,
  onChange,
  errors,
}: {
  id: string;
  value: string;
  onChange: (value: string) => void;
  errors?: string[];
}) {
  return (
    <Field id={id} label="Password" hint={`At least ${PASSWORD_MIN_LENGTH} characters.`} errors={errors}>
      {(aria) => (
        <Input
          {...aria}
          type="password"
          name="password"
          autoComplete="new-password"
          required
          minLength={PASSWORD_MIN_LENGTH}
          value={value}
          onChange={(event) => onChange(event.target.value)}
        />
      )}
    </Field>
  );
}
