"use client";

import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { EmailField } from "@/components/auth/account-fields";
import { describeSignInError } from "@/components/auth/sign-in-errors";
import { Divider, ProviderButtons } from "./provider-buttons";
import { Button, SubmitButton } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";

type Props = {
  callbackUrl: string;
  providers: { github: boolean; google: boolean; email: boolean };
  initialError: string | null;
};

export function SignInForm({ callbackUrl, providers, initialError }: Props) {
  const router = useRouter();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(initialError);
  const [pending, setPending] = useState<"password" | "link" | null>(null);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setPending("password");
    setError(null);
    try {
      const result = await signIn("credentials", { redirect: false, email, password, callbackUrl });
      if (!result || result.error) {
        setError(describeSignInError(result?.error ?? "Callback", "any"));
        setPending(null);
        return;
      }
      router.replace(callbackUrl);
      router.refresh();
    } catch {
      setError("Could not reach the server. Check your connection and try again.");
      setPending(null);
    }
  }

  async function sendLink() {
    if (!email) {
      setError("Enter your email address first, then ask for a sign-in link.");
      return;
    }
    setPending("link");
    setError(null);
    // On success next-auth moves to /sign-in?check-email=1.
    const result = await signIn("email", { email, callbackUrl, redirect: false }).catch(() => null);
    if (!result || result.error) {
      setError(describeSignInError(result?.error ?? "EmailSignin", "any"));
      setPending(null);
      return;
    }
    router.push("/sign-in?check-email=1");
  }

  const busy = pending !== null;

  return (
    <div>
      <ProviderButtons callbackUrl={callbackUrl} providers={providers} />
      {providers.github || providers.google ? <Divider>or</Divider> : null}

      <form onSubmit={onSubmit} className="space-y-5">
        {error ? <FormMessage>{error}</FormMessage> : null}
        <EmailField id="sign-in-email" value={email} onChange={setEmail} />
        <TextField
          id="sign-in-password"
          label="Password"
          type="password"
          name="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={setPassword}
        />
        <SubmitButton
          className="w-full"
          pending={pending === "password"}
          pendingLabel="Signing in…"
          disabled={busy}
        >
          Sign in
        </SubmitButton>
      </form>

      {providers.email ? (
        <>
          <Divider>or</Divider>
          <Button variant="secondary" className="w-full" disabled={busy} onClick={sendLink}>
            {pending === "link" ? "Sending link…" : "Email me a sign-in link"}
          </Button>
        </>
      ) : null}
    </div>
  );
}
