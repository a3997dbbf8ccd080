"use client";

import { PASSWORD_MIN_LENGTH } from "@/lib/auth/password-rules";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";

/** A field for choosing a password (sign-up forms, changing a password), with the server's length rule. */
export function NewPasswordField({
  id,
  value,
  onChange,
  errors,
  label = "Password",
  name = "password",
}: {
  id: string;
  value: string;
  onChange: (value: string) => void;
  errors?: string[];
  label?: string;
  name?: string;
}) {
  return (
    <Field id={id} label={label} hint={`At least ${PASSWORD_MIN_LENGTH} characters.`} errors={errors}>
      {(aria) => (
        <Input
          {...aria}
          type="password"
          name={name}
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
