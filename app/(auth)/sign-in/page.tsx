import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { enabledProviders, THROTTLED, WRONG_CREDENTIALS } from "@/lib/auth/options";
import { getCurrentUser } from "@/lib/auth/session";
import { AUTH_LINK, AuthCard } from "@/components/auth/auth-card";
import { safeCallbackUrl } from "@/lib/auth/callback-url";
import { describeSignInError } from "@/components/auth/sign-in-errors";
import { SignInForm } from "./sign-in-form";

export const metadata: Metadata = { title: "Sign in" };
export const dynamic = "force-dynamic";

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function SignInPage({ searchParams }: Props) {
  const params = await searchParams;
  const callbackUrl = safeCallbackUrl(params.callbackUrl);
  // Read from the database, not just the cookie: a deleted account must be able to see this page.
  if (await getCurrentUser()) redirect(callbackUrl);

  const signUpHref =
    callbackUrl === "/" ? "/sign-up" : `/sign-up?callbackUrl=${encodeURIComponent(callbackUrl)}`;

  if (params["check-email"] === "1") {
    return (
      <AuthCard
        title="Check your email"
        description="We sent you a sign-in link. Open it on this device to continue; it works once and expires in 15 minutes."
        footer={
          <Link href="/sign-in" className={AUTH_LINK}>
            Back to sign in
          </Link>
        }
      />
    );
  }

  return (
    <AuthCard
      title="Sign in to Creditpool"
      description="Use the email and password you signed up with."
      footer={
        <>
          New to Creditpool?{" "}
          <Link href={signUpHref} className={AUTH_LINK}>
            Create an account
          </Link>
        </>
      }
    >
      <SignInForm
        callbackUrl={callbackUrl}
        providers={enabledProviders()}
        initialError={describeSignInError(params.error, [WRONG_CREDENTIALS, THROTTLED])}
      />
    </AuthCard>
  );
}
