"use client";

import { PASSWORD_MIN_LENGTH } from "@/lib/auth/password-rules";
import { TextField } from "@/components/ui/field";

/** A field for choosing a password (sign-up forms, changing a password), with the server's length rule. */
export function NewPasswordField({
  label = "Password",
  name = "password",
  ...field
}: {
  id: string;
  value: string;
  onChange: (value: string) => void;
  errors?: string[];
  label?: string;
  name?: string;
}) {
  return (
    <TextField
      {...field}
      label={label}
      hint={`At least ${PASSWORD_MIN_LENGTH} characters.`}
      type="password"
      name={name}
      autoComplete="new-password"
      required
      minLength={PASSWORD_MIN_LENGTH}
    />
  );
}
