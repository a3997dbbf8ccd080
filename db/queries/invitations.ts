// Invitations: a link (only its secret's hash is stored) that turns into a membership once, before
// it expires or is revoked. A pending invitation holds a seat.
import "server-only";
import { and, eq, isNull, sql } from "drizzle-orm";
import type { Executor, Transaction } from "@/db";
import { invitations, users, workspaces, type MemberRole } from "@/db/schema";

/** The workspace's invitations that are open: neither accepted nor revoked (they may have expired). */
function isOpenIn(workspaceId: string) {
  return and(
    eq(invitations.workspaceId, workspaceId),
    isNull(invitations.acceptedAt),
    isNull(invitations.revokedAt),
  );
}

/** The workspace's invitation `invitationId`, if it is still open. */
function isOpen(workspaceId: string, invitationId: string) {
  return and(eq(invitations.id, invitationId), isOpenIn(workspaceId));
}

/** Pending: open and not yet expired at `now`. A pending invitation holds a seat. */
function isPending(workspaceId: string, now: Date) {
  return and(isOpenIn(workspaceId), sql`${invitations.expiresAt} > ${now.toISOString()}::timestamptz`);
}

export async function createInvitation(
  db: Executor,
  input: {
    workspaceId: string;
    email: string;
    role: MemberRole;
    /** "default": the workspace's default when they accept; null: Unlimited. */
    monthlyLimit: number | null | "default";
    /** null: the workspace's default when they accept. */
    mayUseTopUp: boolean | null;
    tokenHash: string;
    invitedByUserId: string;
    expiresAt: Date;
    at: Date;
  },
) {
  const { at, monthlyLimit, ...values } = input;
  const [invitation] = await db
    .insert(invitations)
    .values({
      ...values,
      monthlyLimitFromDefault: monthlyLimit === "default",
      monthlyLimit: monthlyLimit === "default" ? null : monthlyLimit,
      lastSentAt: at,
      createdAt: at,
    })
    .returning();
  if (!invitation) throw new Error("invitation insert returned nothing");
  return invitation;
}

/** The still-pending invitation of the workspace for this email (any case), or null. */
export async function findPendingInvitationByEmail(
  db: Executor,
  workspaceId: string,
  email: string,
  now: Date,
) {
  const [pending] = await db
    .select({ id: invitations.id })
    .from(invitations)
    .where(and(isPending(workspaceId, now), sql`lower(${invitations.email}) = ${email.toLowerCase()}`));
  return pending ?? null;
}

/** A new secret and expiry for an open invitation (the old link stops working); null if it is not open. */
export async function renewInvitation(
  db: Executor,
  workspaceId: string,
  invitationId: string,
  renewal: { tokenHash: string; expiresAt: Date; at: Date },
) {
  const [invitation] = await db
    .update(invitations)
    .set({ tokenHash: renewal.tokenHash, expiresAt: renewal.expiresAt, lastSentAt: renewal.at })
    .where(isOpen(workspaceId, invitationId))
    .returning();
  return invitation ?? null;
}

/** Revokes an open invitation; null if it is not open. */
export async function revokeInvitation(db: Executor, workspaceId: string, invitationId: string, at: Date) {
  const [invitation] = await db
    .update(invitations)
    .set({ revokedAt: at })
    .where(isOpen(workspaceId, invitationId))
    .returning();
  return invitation ?? null;
}

/** Locks an invitation until the transaction ends and reads its state as of the lock. */
export async function lockInvitation(tx: Transaction, invitationId: string) {
  const [locked] = await tx.execute<{
    accepted_at: string | null;
    revoked_at: string | null;
    expires_at: string;
  }>(
    sql`select accepted_at, revoked_at, expires_at from invitations where id = ${invitationId}::uuid for update`,
  );
  return locked
    ? {
        acceptedAt: locked.accepted_at,
        revokedAt: locked.revoked_at,
        expiresAt: new Date(locked.expires_at),
      }
    : null;
}

export async function markInvitationAccepted(db: Executor, invitationId: string, userId: string, at: Date) {
  await db
    .update(invitations)
    .set({ acceptedAt: at, acceptedByUserId: userId })
    .where(eq(invitations.id, invitationId));
}

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
    .where(isOpen(workspaceId, invitationId));
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
    .where(isPending(workspaceId, now))
    .orderBy(invitations.createdAt, invitations.id);
}
