"use client";

import { useState, type FormEvent } from "react";
import { useSignUp } from "@/components/auth/use-sign-up";
import { EmailField, NameField } from "@/components/auth/account-fields";
import { NewPasswordField } from "@/components/auth/new-password-field";
import { TextField } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { SubmitButton } from "@/components/ui/button";
import { TimeZoneField, useBrowserTimeZone } from "@/components/shell/time-zone-select";

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
      <NameField id="sign-up-name" value={name} onChange={setName} errors={fieldErrors.name} />
      <EmailField id="sign-up-email" value={email} onChange={setEmail} errors={fieldErrors.email} />
      <NewPasswordField
        id="sign-up-password"
        value={password}
        onChange={setPassword}
        errors={fieldErrors.password}
      />
      <TextField
        id="sign-up-workspace"
        label={
          <>
            Workspace name <span className="font-normal text-slate-500 dark:text-slate-400">(optional)</span>
          </>
        }
        hint="You can rename it later."
        errors={fieldErrors.workspaceName}
        name="workspaceName"
        maxLength={80}
        placeholder={name.trim() ? `${name.trim()}'s workspace` : "Acme Design"}
        value={workspaceName}
        onChange={setWorkspaceName}
      />
      <TimeZoneField
        id="sign-up-time-zone"
        isNewWorkspace
        value={timeZone}
        onChange={setChosenTimeZone}
        errors={fieldErrors.timeZone}
      />
      <SubmitButton className="w-full" pending={pending} pendingLabel="Creating your account…">
        Create account
      </SubmitButton>
    </form>
  );
}
