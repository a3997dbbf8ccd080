"use client";

import { TextField } from "@/components/ui/field";

type FieldProps = { id: string; value: string; onChange: (value: string) => void; errors?: string[] };

/** The account holder's name, as the sign-up forms ask for it. */
export function NameField(props: FieldProps) {
  return <TextField {...props} label="Your name" name="name" autoComplete="name" required maxLength={80} />;
}

/** The address to sign in or sign up with. */
export function EmailField(props: FieldProps) {
  return <TextField {...props} label="Email" type="email" name="email" autoComplete="email" required />;
}
