import "server-only";
import { getServerSession } from "next-auth";
import { decode } from "next-auth/jwt";
import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { findCurrentMembership } from "@/db/queries/members";
import { isSessionLive } from "@/db/queries/sessions";
import { getUser } from "@/db/queries/users";
import type { MemberRole, User, Workspace } from "@/db/schema";
import { getDb } from "@/lib/db";
import { env } from "@/lib/env";
import { REQUEST_PATH_HEADER, safeCallbackUrl } from "./callback-url";
import { getAuthOptions } from "./options";

/** The signed-in user's id from the session cookie, or null. Nothing else is trusted from it. */
export async function getSessionUserId(): Promise<string | null> {
  const session = await getServerSession(getAuthOptions());
  const id = (session?.user as { id?: unknown } | undefined)?.id;
  return typeof id === "string" && id.length > 0 ? id : null;
}

/** The signed-in user, read from the database (a deleted user is signed out). */
export async function getCurrentUser(): Promise<User | null> {
  const id = await getSessionUserId();
  if (!id) return null;
  return getUser(getDb(), id);
}

// next-auth's session cookie: the __Secure- name on https, the plain one on http.
const SESSION_COOKIES = ["__Secure-next-auth.session-token", "next-auth.session-token"] as const;

/**
 * The id of the signed-in session (its live auth_sessions row) of `userId`, read from this
 * request's cookie; null when there is none. It is not put in the session object itself, which the
 * browser can read.
 */
export async function getCurrentSessionId(userId: string): Promise<string | null> {
  const secret = env.NEXTAUTH_SECRET;
  if (!secret) return null;
  const store = await cookies();
  for (const name of SESSION_COOKIES) {
    const value = store.get(name)?.value;
    if (!value) continue;
    const token = await decode({ token: value, secret }).catch(() => null);
    // Live, too: a browser may still hold the other name's cookie from an older session.
    if (token?.sub !== userId || typeof token.sid !== "string") continue;
    if (await isSessionLive(getDb(), token.sid, userId)) return token.sid;
  }
  return null;
}

/**
 * Sends a signed-out visitor to sign-in, to come back to the address they asked for: the whole path
 * and query of this request (from proxy.ts), else `fallback`. Only same-site paths are kept.
 */
export async function redirectToSignIn(fallback: string): Promise<never> {
  const requested = safeCallbackUrl((await headers()).get(REQUEST_PATH_HEADER), fallback);
  redirect(`/sign-in?callbackUrl=${encodeURIComponent(requested)}`);
}

/** For pages: the signed-in user, or a redirect to sign-in that comes back here. */
export async function requireUser(returnTo = "/"): Promise<User> {
  const user = await getCurrentUser();
  if (!user) return redirectToSignIn(returnTo);
  return user;
}

export type WorkspaceAccess = {
  user: User;
  workspace: Workspace;
  membershipId: string;
  role: MemberRole;
  monthlyLimit: number | null;
};

/** The user's current membership of a workspace, read fresh from the database; null if none. */
export async function getWorkspaceAccess(
  userId: string,
  where: { slug: string } | { workspaceId: string },
): Promise<Omit<WorkspaceAccess, "user"> | null> {
  const row = await findCurrentMembership(getDb(), userId, where);
  if (!row) return null;
  return {
    workspace: row.workspace,
    membershipId: row.membership.id,
    role: row.membership.role,
    monthlyLimit: row.membership.monthlyLimit,
  };
}
