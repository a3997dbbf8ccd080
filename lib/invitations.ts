import "server-only";
import { createHash, randomBytes } from "node:crypto";
import type { Executor } from "@/db";
import { findInvitationByTokenHash } from "@/db/queries/invitations";
import { getAppUrl } from "@/lib/app-url";
import { sendMail } from "@/lib/mail";

export const INVITATION_TTL_MS = 7 * 24 * 60 * 60 * 1000;

/** A new secret for an invitation link, and the hash that is stored instead of it. */
export function newInvitationToken(): { token: string; tokenHash: string } {
  const token = randomBytes(32).toString("base64url");
  return { token, tokenHash: hashInvitationToken(token) };
}

function hashInvitationToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** The invitation a link's secret belongs to, with its state; null if none. */
export async function findInvitationByToken(db: Executor, token: string, now: Date) {
  return findInvitationByTokenHash(db, hashInvitationToken(token), now);
}

/**
 * The link for a new invitation token, and whether it was emailed to `to` on behalf of `inviter`. The
 * inviter is shown the link either way, so an invitation works without mail.
 */
export async function sendInvitationLink(
  sender: { workspace: { name: string }; user: { name: string } },
  invitation: { to: string; token: string; expiresAt: Date },
): Promise<{ link: string; email: Awaited<ReturnType<typeof mailInvitation>> }> {
  const link = `${await getAppUrl()}/invite/${invitation.token}`;
  const email = await mailInvitation({
    to: invitation.to,
    link,
    workspaceName: sender.workspace.name,
    inviterName: sender.user.name,
    expiresAt: invitation.expiresAt,
  });
  return { link, email };
}

/** Emails the link when mail is configured. A mail failure does not undo the invitation: the link is shown too. */
async function mailInvitation(input: {
  to: string;
  link: string;
  workspaceName: string;
  inviterName: string;
  expiresAt: Date;
}): Promise<"sent" | "not_configured" | "failed"> {
  try {
    const sent = await sendMail({
      to: input.to,
      subject: `${input.inviterName} invited you to ${input.workspaceName} on Creditpool`,
      text: [
        `${input.inviterName} invited you to join ${input.workspaceName} on Creditpool.`,
        "",
        `Accept the invitation: ${input.link}`,
        "",
        `The link works once and expires on ${input.expiresAt.toUTCString()}.`,
      ].join("\n"),
    });
    return sent ? "sent" : "not_configured";
  } catch {
    return "failed";
  }
}
