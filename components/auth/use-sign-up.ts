"use client";

import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { signUpAction } from "@/lib/actions/auth/sign-up";
import { useActionForm } from "@/components/ui/run-action";
import { describeSignInError } from "./sign-in-errors";

export type SignUpInput = Parameters<typeof signUpAction>[0];

/**
 * Creates the account with signUpAction, signs in with the same password, then goes to the
 * workspace (or to `then`). Keeps the action's messages for the form to show.
 */
export function useSignUp() {
  const router = useRouter();
  const { pending, message, fieldErrors, run, fail } = useActionForm();

  async function submit(input: SignUpInput, then?: string | null) {
    const result = await run(() => signUpAction(input), { keepPending: true });
    if (!result.ok) return;
    const destination = then ?? `/w/${result.data.workspaceSlug}`;
    const signedIn = await signIn("credentials", {
      redirect: false,
      email: input.email,
      password: input.password,
      callbackUrl: destination,
    }).catch(() => null);
    if (!signedIn || signedIn.error) {
      // The account exists now; only signing in failed (say, the server restarted in between).
      fail(
        `Your account was created, but signing in failed: ${describeSignInError(signedIn?.error ?? "Callback", "any")} Sign in to continue.`,
      );
      return;
    }
    router.replace(destination);
    router.refresh();
  }

  return { submit, pending, message, fieldErrors };
}
