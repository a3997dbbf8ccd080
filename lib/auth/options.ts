import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import EmailProvider from "next-auth/providers/email";
import GitHubProvider from "next-auth/providers/github";
import GoogleProvider from "next-auth/providers/google";
import { z } from "zod";
import { getDb } from "@/lib/db";
import { endSession, isSessionLive, startSession } from "@/db/queries/sessions";
import { findUserByEmail, setPasswordHash } from "@/db/queries/users";
import { getClock } from "@/lib/clock";
import { describeErrorForLog } from "@/lib/log/safe-error";
import { env } from "@/lib/env";
import { drizzleAdapter } from "./adapter";
import { DUMMY_HASH, hashPassword, needsRehash, verifyPassword } from "./password";
import { createPersonalWorkspace } from "./sign-up";
import { REQUEST_LIMITS, claimRequest, clientAddress, tryAgainIn } from "./request-limits";
import { claimSignInAttempt, clearSignInFailures, recordSignInFailure } from "./throttle";
import { safeRedirect } from "./redirect";
import { SessionEndedError } from "./sessions";

const credentialsSchema = z.object({ email: z.email().max(320), password: z.string().min(1).max(200) });

/** What the sign-in page shows for any failed password sign-in: it never says whether the email exists. */
export const WRONG_CREDENTIALS = "Email or password is incorrect.";
export const SIGN_IN_UNAVAILABLE = "Signing in is not available right now. Try again in a moment.";

/** A sign-in refused for a reason the person may read (wrong password, too many attempts). */
class SignInRefused extends Error {}

export const THROTTLED = "Too many failed sign-ins. Wait a few minutes and try again.";

/** Which sign-in methods are switched on (the sign-in page shows a button for each). */
export function enabledProviders() {
  return {
    github: Boolean(env.GITHUB_ID && env.GITHUB_SECRET),
    google: Boolean(env.GOOGLE_CLIENT_ID && env.GOOGLE_CLIENT_SECRET),
    email: Boolean(env.EMAIL_SERVER && env.EMAIL_FROM),
  };
}

function buildOptions(): NextAuthOptions {
  const db = getDb();
  const enabled = enabledProviders();
  const providers: NextAuthOptions["providers"] = [
    CredentialsProvider({
      id: "credentials",
      name: "Email and password",
      credentials: {
        email: { label: "Email", type: "email" },
        password: { label: "Password", type: "password" },
      },
      async authorize(raw, request) {
        try {
          return await signInWithPassword(raw, request);
        } catch (error) {
          if (error instanceof SignInRefused) throw error;
          // Never the error itself: next-auth puts the message in the URL, and a failed query's
          // message names its parameters.
          console.error(`sign-in error: ${describeErrorForLog(error)}`);
          throw new Error(SIGN_IN_UNAVAILABLE);
        }
      },
    }),
  ];

  /** The password sign-in; an expected refusal is a SignInRefused whose message is shown. */
  async function signInWithPassword(raw: unknown, request: { headers?: unknown }) {
    const parsed = credentialsSchema.safeParse(raw);
    if (!parsed.success) throw new SignInRefused(WRONG_CREDENTIALS);
    const { email, password } = parsed.data;
    const now = getClock().now();
    // One network trying many emails: counted before anything else.
    const forwardedFor = (request?.headers as Record<string, unknown> | undefined)?.["x-forwarded-for"];
    const address = clientAddress(typeof forwardedFor === "string" ? forwardedFor : null);
    const byAddress = await claimRequest(
      db,
      [{ limit: REQUEST_LIMITS.signInByAddress, subject: address }],
      now,
    );
    if (!byAddress.ok) throw new SignInRefused(`${byAddress.message} ${tryAgainIn(byAddress.retryAt, now)}`);
    // Counted before the password is compared, so parallel guesses count one each.
    if ((await claimSignInAttempt(db, email, now)).blocked) throw new SignInRefused(THROTTLED);
    const user = await findUserByEmail(db, email);
    // Compare against a dummy hash for unknown emails, so both cases take the same time.
    const valid = await verifyPassword(password, user?.passwordHash ?? DUMMY_HASH);
    if (!user || !user.passwordHash || !valid) {
      const state = await recordSignInFailure(db, email, now);
      throw new SignInRefused(state.blocked ? THROTTLED : WRONG_CREDENTIALS);
    }
    await clearSignInFailures(db, email);
    // A hash from before (bcrypt) is replaced now that the password is known to be right.
    if (needsRehash(user.passwordHash)) {
      await setPasswordHash(db, user.id, await hashPassword(password));
    }
    return { id: user.id, email: user.email, name: user.name };
  }
  if (enabled.github && env.GITHUB_ID && env.GITHUB_SECRET) {
    providers.push(GitHubProvider({ clientId: env.GITHUB_ID, clientSecret: env.GITHUB_SECRET }));
  }
  if (enabled.google && env.GOOGLE_CLIENT_ID && env.GOOGLE_CLIENT_SECRET) {
    providers.push(
      GoogleProvider({ clientId: env.GOOGLE_CLIENT_ID, clientSecret: env.GOOGLE_CLIENT_SECRET }),
    );
  }
  if (enabled.email && env.EMAIL_SERVER && env.EMAIL_FROM) {
    providers.push(EmailProvider({ server: env.EMAIL_SERVER, from: env.EMAIL_FROM, maxAge: 15 * 60 }));
  }

  return {
    adapter: drizzleAdapter(db),
    providers,
    secret: env.NEXTAUTH_SECRET,
    // The session carries only the user id; workspace and role are read from the database on
    // every request, so removing a member or changing a role takes effect at once.
    session: { strategy: "jwt", maxAge: 30 * 24 * 60 * 60 },
    pages: { signIn: "/sign-in", error: "/sign-in", verifyRequest: "/sign-in?check-email=1" },
    // An ended session is routine, not an error: next-auth clears the cookie and the visitor is
    // signed out. Everything else is logged as next-auth would.
    logger: {
      error(code, metadata) {
        const cause =
          metadata instanceof Error ? metadata : (metadata as { error?: unknown } | undefined)?.error;
        if (code === "JWT_SESSION_ERROR" && cause instanceof SessionEndedError) return;
        console.error(`[next-auth][error][${code}]`, metadata);
      },
      warn(code) {
        console.warn(`[next-auth][warn][${code}]`);
      },
      debug() {},
    },
    callbacks: {
      // A new sign-in starts a session row; every later request checks it is still live (one primary
      // key lookup), so a session ended by signing out stops working for every copy of its cookie.
      async jwt({ token, user }) {
        if (user) return { sub: user.id, sid: await startSession(db, user.id, getClock().now()) };
        const sid = typeof token.sid === "string" ? token.sid : null;
        if (!token.sub || !sid || !(await isSessionLive(db, sid, token.sub))) throw new SessionEndedError();
        return { sub: token.sub, sid };
      },
      session({ session, token }) {
        return { expires: session.expires, user: { id: token.sub ?? "" } };
      },
      redirect({ url, baseUrl }) {
        return safeRedirect(url, baseUrl);
      },
    },
    events: {
      async signOut({ token }) {
        if (typeof token?.sid === "string") await endSession(db, token.sid, getClock().now());
      },
      // Someone new arrived through OAuth or a magic link: give them a workspace of their own.
      async createUser({ user }) {
        // Its first day's free credits follow in the route (app/api/auth), which may reach the ledger.
        await createPersonalWorkspace(db, { userId: user.id, name: user.name ?? user.email ?? "My" });
      },
    },
  };
}

let cached: NextAuthOptions | undefined;

export function getAuthOptions(): NextAuthOptions {
  cached ??= buildOptions();
  return cached;
}
