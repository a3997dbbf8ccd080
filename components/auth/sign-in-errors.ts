// next-auth reports a failed sign-in as a code in ?error= (or in `error` when signIn is called with
// redirect: false). The password sign-in's own messages arrive as the message itself.
const MESSAGES: Record<string, string> = {
  OAuthAccountNotLinked:
    "This email is already registered with another sign-in method. Sign in the way you did before.",
  OAuthSignin: "Could not start signing in with that provider. Try again.",
  OAuthCallback: "Signing in with that provider did not complete. Try again.",
  OAuthCreateAccount: "Could not create an account with that provider.",
  EmailCreateAccount: "Could not create an account with that email.",
  EmailSignin: "Could not send the sign-in email. Try again in a moment.",
  Verification: "That sign-in link has expired or was already used. Ask for a new one.",
  AccessDenied: "Access was denied.",
  SessionRequired: "Sign in to see that page.",
  Callback: "Signing in did not complete. Try again.",
  CredentialsSignin: "Email or password is incorrect.",
  Configuration: "Sign-in is not set up correctly on the server.",
};

const GENERIC = "Sign-in did not work. Try again.";

/**
 * The sentence to show for a next-auth error, or null when there is none. The password sign-in's
 * messages (wrong credentials, too many attempts) are shown as they are when they come from the
 * server's answer (`ownMessages: "any"`); from the URL only the listed ones are, so a crafted link
 * can't put its own words on the page.
 */
export function describeSignInError(
  error: string | string[] | null | undefined,
  ownMessages: readonly string[] | "any",
): string | null {
  const value = Array.isArray(error) ? error[0] : error;
  if (!value) return null;
  const known = MESSAGES[value];
  if (known) return known;
  if (ownMessages === "any" ? /\s/.test(value) && value.length <= 200 : ownMessages.includes(value))
    return value;
  return GENERIC;
}
