import type { Metadata } from "next";
import Link from "next/link";
import { getDb } from "@/lib/db";
import { findInvitationByToken } from "@/lib/invitations";
import { getCurrentUser } from "@/lib/auth/session";
import { getClock } from "@/lib/clock";
import { formatDate } from "@/lib/format";
import { AUTH_LINK, AuthCard } from "@/components/auth/auth-card";
import { AuthShell } from "@/components/auth/auth-shell";
import { SignOutButton } from "./sign-out-button";
import { ROLE_LABELS } from "@/components/credits/labels";
import { buttonClasses } from "@/components/ui/button";
import { FormMessage } from "@/components/ui/form-message";
import { AcceptInvitationButton } from "./accept-invitation-button";
import { InviteSignUpForm } from "./invite-sign-up-form";

export const metadata: Metadata = { title: "Invitation", robots: { index: false } };
export const dynamic = "force-dynamic";

type Props = { params: Promise<{ token: string }> };

const CLOSED = {
  invalid: {
    title: "This invitation link is not valid",
    body: "Check that you copied the whole link, or ask the person who invited you for a new one.",
  },
  accepted: {
    title: "This invitation has already been used",
    body: "Each invitation link works once. If it was yours, sign in to reach the workspace.",
  },
  revoked: {
    title: "This invitation was withdrawn",
    body: "An owner or admin of the workspace revoked it. Ask them for a new one if you still need access.",
  },
  expired: {
    title: "This invitation has expired",
    body: "Invitation links work for a limited time. Ask the person who invited you to send a new one.",
  },
} as const;

export default async function InvitationPage({ params }: Props) {
  const { token } = await params;
  const now = getClock().now();
  const [found, user] = await Promise.all([findInvitationByToken(getDb(), token, now), getCurrentUser()]);
  const state = found?.state ?? "invalid";

  if (!found || state !== "pending") {
    const closed = CLOSED[state === "pending" ? "invalid" : state];
    return (
      <AuthShell>
        <AuthCard
          title={closed.title}
          description={closed.body}
          footer={
            <Link href={user ? "/" : "/sign-in"} className={AUTH_LINK}>
              {user ? "Go to your workspaces" : "Sign in"}
            </Link>
          }
        />
      </AuthShell>
    );
  }

  const { invitation, workspace, inviterName } = found;
  const invitePath = `/invite/${encodeURIComponent(token)}`;
  const isForThisUser = user !== null && user.email.toLowerCase() === invitation.email.toLowerCase();

  return (
    <AuthShell wide>
      <AuthCard
        title={`Join ${workspace.name}`}
        description={
          inviterName ? (
            <>
              <span className="font-medium text-slate-900 dark:text-white">{inviterName}</span> invited you to
              join <span className="font-medium text-slate-900 dark:text-white">{workspace.name}</span> on
              Creditpool.
            </>
          ) : (
            <>
              You are invited to join{" "}
              <span className="font-medium text-slate-900 dark:text-white">{workspace.name}</span> on
              Creditpool.
            </>
          )
        }
        footer={
          user === null ? (
            <>
              I already have an account:{" "}
              <Link href={`/sign-in?callbackUrl=${encodeURIComponent(invitePath)}`} className={AUTH_LINK}>
                sign in to accept
              </Link>
            </>
          ) : null
        }
      >
        <dl className="grid grid-cols-[auto_1fr] gap-x-6 gap-y-2 rounded-lg bg-slate-50 px-4 py-3 text-sm ring-1 ring-slate-200 ring-inset dark:bg-slate-800/50 dark:ring-slate-700">
          <dt className="text-slate-600 dark:text-slate-400">Workspace</dt>
          <dd className="min-w-0 truncate font-medium text-slate-900 dark:text-white">{workspace.name}</dd>
          <dt className="text-slate-600 dark:text-slate-400">Role</dt>
          <dd className="font-medium text-slate-900 dark:text-white">{ROLE_LABELS[invitation.role]}</dd>
          <dt className="text-slate-600 dark:text-slate-400">Invited email</dt>
          <dd
            className="min-w-0 font-medium break-all text-slate-900 dark:text-white"
            data-testid="invited-email"
          >
            {invitation.email}
          </dd>
          {inviterName ? (
            <>
              <dt className="text-slate-600 dark:text-slate-400">Invited by</dt>
              <dd className="min-w-0 truncate font-medium text-slate-900 dark:text-white">{inviterName}</dd>
            </>
          ) : null}
          <dt className="text-slate-600 dark:text-slate-400">Expires</dt>
          <dd className="font-medium text-slate-900 dark:text-white">
            <time dateTime={invitation.expiresAt.toISOString()}>
              {formatDate(invitation.expiresAt.toISOString(), workspace.timeZone)}
            </time>
          </dd>
        </dl>

        <div className="mt-6">
          {user === null ? (
            <>
              <h2 className="mb-4 text-sm font-semibold text-slate-900 dark:text-white">
                Create your account to accept
              </h2>
              <InviteSignUpForm token={token} email={invitation.email} />
            </>
          ) : isForThisUser ? (
            <div className="space-y-4">
              <p className="text-sm text-slate-600 dark:text-slate-400">
                You are signed in as{" "}
                <span className="font-medium text-slate-900 dark:text-white">{user.email}</span>.
              </p>
              <AcceptInvitationButton token={token} workspaceName={workspace.name} />
            </div>
          ) : (
            <div className="space-y-4">
              <FormMessage tone="info">
                You are signed in as <strong className="font-semibold">{user.email}</strong>, but this
                invitation is for <strong className="font-semibold">{invitation.email}</strong>. Sign out,
                then sign in or create an account with that address to accept it.
              </FormMessage>
              <div className="flex flex-wrap gap-3">
                <SignOutButton callbackUrl={invitePath} />
                <Link href="/" className={buttonClasses("secondary")}>
                  Back to your workspaces
                </Link>
              </div>
            </div>
          )}
        </div>
      </AuthCard>
    </AuthShell>
  );
}
