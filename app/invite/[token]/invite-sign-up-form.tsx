"use client";

import { useState, type FormEvent } from "react";
import { useSignUp } from "@/components/auth/use-sign-up";
import { NameField } from "@/components/auth/account-fields";
import { NewPasswordField } from "@/components/auth/new-password-field";
import { Field } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { Input } from "@/components/ui/input";
import { SubmitButton } from "@/components/ui/button";

/** Sign-up for the invited address only: the new account joins the inviting workspace. */
export function InviteSignUpForm({ token, email }: { token: string; email: string }) {
  const { submit, pending, message, fieldErrors } = useSignUp();
  const [name, setName] = useState("");
  const [password, setPassword] = useState("");

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    void submit({ name, email, password, invitationToken: token });
  }

  return (
    <form onSubmit={onSubmit} className="space-y-5">
      {message ? <FormMessage>{message}</FormMessage> : null}
      <Field
        id="invite-email"
        label="Email"
        hint="The invitation is for this address."
        errors={fieldErrors.email}
      >
        {(aria) => <Input {...aria} type="email" name="email" value={email} readOnly autoComplete="email" />}
      </Field>
      <NameField id="invite-name" value={name} onChange={setName} errors={fieldErrors.name} />
      <NewPasswordField
        id="invite-password"
        value={password}
        onChange={setPassword}
        errors={fieldErrors.password}
      />
      <SubmitButton className="w-full" pending={pending} pendingLabel="Joining…">
        Create account and join
      </SubmitButton>
    </form>
  );
}
