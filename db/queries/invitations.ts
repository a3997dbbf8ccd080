import "server-only";
import { and, eq, isNull, sql } from "drizzle-orm";
import type { Executor } from "@/db";
import { invitations, users, workspaces } from "@/db/schema";

export type InvitationState = "pending" | "accepted" | "revoked" | "expired";

/**
 * The invitation whose link secret hashes to `tokenHash` (lib/invitations.ts hashes it), with what
 * the accept page shows; null if none.
 */
export async function findInvitationByTokenHash(db: Executor, tokenHash: string, now: Date) {
  const [row] = await db
    .select({ invitation: invitations, workspace: workspaces, inviterName: users.name })
    .from(invitations)
    .innerJoin(workspaces, eq(workspaces.id, invitations.workspaceId))
    .leftJoin(users, eq(users.id, invitations.invitedByUserId))
    .where(eq(invitations.tokenHash, tokenHash));
  if (!row) return null;
  const state: InvitationState = row.invitation.acceptedAt
    ? "accepted"
    : row.invitation.revokedAt
      ? "revoked"
      : row.invitation.expiresAt <= now
        ? "expired"
        : "pending";
  return { ...row, state };
}

/** The address a still-open invitation of the workspace was sent to, or null. */
export async function findInvitationEmail(
  db: Executor,
  workspaceId: string,
  invitationId: string,
): Promise<string | null> {
  const [row] = await db
    .select({ email: invitations.email })
    .from(invitations)
    .where(
      and(
        eq(invitations.id, invitationId),
        eq(invitations.workspaceId, workspaceId),
        isNull(invitations.acceptedAt),
        isNull(invitations.revokedAt),
      ),
    );
  return row?.email ?? null;
}

export async function listPendingInvitations(db: Executor, workspaceId: string, now: Date) {
  return db
    .select({
      id: invitations.id,
      email: invitations.email,
      role: invitations.role,
      expiresAt: invitations.expiresAt,
      lastSentAt: invitations.lastSentAt,
      invitedBy: users.name,
    })
    .from(invitations)
    .leftJoin(users, eq(users.id, invitations.invitedByUserId))
    .where(
      and(
        eq(invitations.workspaceId, workspaceId),
        isNull(invitations.acceptedAt),
        isNull(invitations.revokedAt),
        sql`${invitations.expiresAt} > ${now.toISOString()}::timestamptz`,
      ),
    )
    .orderBy(invitations.createdAt, invitations.id);
}
