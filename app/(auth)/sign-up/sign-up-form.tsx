"use client";

import { useState, type FormEvent } from "react";
import { useSignUp } from "@/components/auth/use-sign-up";
import { NewPasswordField } from "@/components/auth/new-password-field";
import { Field } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { Input } from "@/components/ui/input";
import { SubmitButton } from "@/components/ui/button";
import { TimeZoneSelect, useBrowserTimeZone } from "@/components/shell/time-zone-select";

export function SignUpForm({ callbackUrl }: { callbackUrl: string | null }) {
  const { submit, pending, message, fieldErrors } = useSignUp();
  const browserTimeZone = useBrowserTimeZone();
  const [name, setName] = useState("");
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [workspaceName, setWorkspaceName] = useState("");
  const [chosenTimeZone, setChosenTimeZone] = useState<string | null>(null);
  const timeZone = chosenTimeZone ?? browserTimeZone ?? "UTC";

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    void submit(
      {
        name,
        email,
        password,
        ...(workspaceName.trim() ? { workspaceName } : {}),
        timeZone,
      },
      callbackUrl,
    );
  }

  return (
    <form onSubmit={onSubmit} className="space-y-5">
      {message ? <FormMessage>{message}</FormMessage> : null}
      <Field id="sign-up-name" label="Your name" errors={fieldErrors.name}>
        {(aria) => (
          <Input
            {...aria}
            name="name"
            autoComplete="name"
            required
            maxLength={80}
            value={name}
            onChange={(event) => setName(event.target.value)}
          />
        )}
      </Field>
      <Field id="sign-up-email" label="Email" errors={fieldErrors.email}>
        {(aria) => (
          <Input
            {...aria}
            type="email"
            name="email"
            autoComplete="email"
            required
            value={email}
            onChange={(event) => setEmail(event.target.value)}
          />
        )}
      </Field>
      <NewPasswordField
        id="sign-up-password"
        value={password}
        onChange={setPassword}
        errors={fieldErrors.password}
      />
      <Field
        id="sign-up-workspace"
        label={
          <>
            Workspace name <span className="font-normal text-slate-500 dark:text-slate-400">(optional)</span>
          </>
        }
        hint="You can rename it later."
        errors={fieldErrors.workspaceName}
      >
        {(aria) => (
          <Input
            {...aria}
            name="workspaceName"
            maxLength={80}
            placeholder={name.trim() ? `${name.trim()}'s workspace` : "Acme Design"}
            value={workspaceName}
            onChange={(event) => setWorkspaceName(event.target.value)}
          />
        )}
      </Field>
      <Field
        id="sign-up-time-zone"
        label="Time zone"
        hint="Days and months for credits and member limits are counted in it."
        errors={fieldErrors.timeZone}
      >
        {(aria) => (
          <TimeZoneSelect
            {...aria}
            name="timeZone"
            value={timeZone}
            onChange={(event) => setChosenTimeZone(event.target.value)}
          />
        )}
      </Field>
      <SubmitButton className="w-full" pending={pending} pendingLabel="Creating your account…">
        Create account
      </SubmitButton>
    </form>
  );
}
