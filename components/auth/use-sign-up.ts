"use client";

import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { signUpAction } from "@/lib/actions/auth/sign-up";
import { describeSignInError } from "./sign-in-errors";

export type SignUpInput = Parameters<typeof signUpAction>[0];

/**
 * Creates the account with signUpAction, signs in with the same password, then goes to the
 * workspace (or to `then`). Keeps the action's messages for the form to show.
 */
export function useSignUp() {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string[]>>({});

  async function submit(input: SignUpInput, then?: string | null) {
    setPending(true);
    setMessage(null);
    setFieldErrors({});
    try {
      const result = await signUpAction(input);
      if (!result.ok) {
        setMessage(result.error.message);
        setFieldErrors(result.error.fieldErrors ?? {});
        setPending(false);
        return;
      }
      const destination = then ?? `/w/${result.data.workspaceSlug}`;
      const signedIn = await signIn("credentials", {
        redirect: false,
        email: input.email,
        password: input.password,
        callbackUrl: destination,
      });
      if (!signedIn || signedIn.error) {
        // The account exists now; only signing in failed (say, the server restarted in between).
        setMessage(
          `Your account was created, but signing in failed: ${describeSignInError(signedIn?.error ?? "Callback", "any")} Sign in to continue.`,
        );
        setPending(false);
        return;
      }
      router.replace(destination);
      router.refresh();
    } catch {
      setMessage("Could not reach the server. Check your connection and try again.");
      setPending(false);
    }
  }

  return { submit, pending, message, fieldErrors };
}
