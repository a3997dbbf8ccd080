import "server-only";
import { and, asc, desc, eq, inArray, lt, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Executor } from "@/db";
import { auditEvents, memberships, users, type AuditAction } from "@/db/schema";

export type AuditRecord = {
  workspaceId: string;
  actorUserId: string | null;
  action: AuditAction;
  targetType:
    | "member"
    | "invitation"
    | "workspace"
    | "credits"
    | "auto_top_up"
    | "payment_method"
    | "api_key"
    | "webhook";
  targetId?: string | null;
  targetLabel?: string | null;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
  at: Date;
};

/** Records a change in the audit log; call it in the same transaction as the change. */
export async function recordAudit(db: Executor, record: AuditRecord): Promise<void> {
  await db.insert(auditEvents).values({
    workspaceId: record.workspaceId,
    actorUserId: record.actorUserId,
    action: record.action,
    targetType: record.targetType,
    targetId: record.targetId ?? null,
    targetLabel: record.targetLabel ?? null,
    before: record.before ?? null,
    after: record.after ?? null,
    createdAt: record.at,
  });
}

export type AuditFilter = {
  actions?: AuditAction[];
  actorUserId?: string;
  /** Inclusive lower bound. */
  from?: Date;
  /** Exclusive upper bound. */
  to?: Date;
};

export type AuditPerson = { id: string; name: string; email: string };

export type AuditEventRow = {
  id: number;
  action: AuditAction;
  createdAt: string;
  /** Null when the person's account was deleted since. */
  actor: AuditPerson | null;
  targetType: string;
  targetId: string | null;
  /** The label recorded at the time (an email for members and invitations, a name for the workspace). */
  targetLabel: string | null;
  /** For member events: the member's current name, when the user still exists. */
  targetName: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
};

export type AuditPage = { items: AuditEventRow[]; nextCursor: number | null };

const MAX_PAGE = 200;

function asRecord(value: unknown): Record<string, unknown> | null {
  return value !== null && typeof value === "object" && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : null;
}

/**
 * A workspace's audit events, newest first, a page at a time. Keyset pagination on the event id
 * (pass the previous page's nextCursor), the same way lib/ledger lists transactions.
 */
export async function listAuditEvents(
  db: Executor,
  workspaceId: string,
  options: { cursor?: number | null; limit?: number; filter?: AuditFilter } = {},
): Promise<AuditPage> {
  const limit = Math.min(Math.max(options.limit ?? 50, 1), MAX_PAGE);
  const filter = options.filter ?? {};
  const conditions: SQL[] = [eq(auditEvents.workspaceId, workspaceId)];
  if (options.cursor) conditions.push(lt(auditEvents.id, options.cursor));
  if (filter.actions?.length) conditions.push(inArray(auditEvents.action, filter.actions));
  if (filter.actorUserId) conditions.push(eq(auditEvents.actorUserId, filter.actorUserId));
  if (filter.from)
    conditions.push(sql`${auditEvents.createdAt} >= ${filter.from.toISOString()}::timestamptz`);
  if (filter.to) conditions.push(sql`${auditEvents.createdAt} < ${filter.to.toISOString()}::timestamptz`);

  const actor = alias(users, "actor");
  const targetMembership = alias(memberships, "target_membership");
  const targetUser = alias(users, "target_user");
  const rows = await db
    .select({
      event: auditEvents,
      actorId: actor.id,
      actorName: actor.name,
      actorEmail: actor.email,
      targetName: targetUser.name,
    })
    .from(auditEvents)
    .leftJoin(actor, eq(actor.id, auditEvents.actorUserId))
    // Member events name the membership; the join stays inside this workspace.
    .leftJoin(
      targetMembership,
      and(
        eq(auditEvents.targetType, "member"),
        sql`${targetMembership.id}::text = ${auditEvents.targetId}`,
        eq(targetMembership.workspaceId, workspaceId),
      ),
    )
    .leftJoin(targetUser, eq(targetUser.id, targetMembership.userId))
    .where(and(...conditions))
    .orderBy(desc(auditEvents.id))
    .limit(limit + 1);

  const items = rows
    .slice(0, limit)
    .map(({ event, actorId, actorName, actorEmail, targetName }): AuditEventRow => ({
      id: event.id,
      action: event.action,
      createdAt: event.createdAt.toISOString(),
      actor: actorId ? { id: actorId, name: actorName ?? "", email: actorEmail ?? "" } : null,
      targetType: event.targetType,
      targetId: event.targetId,
      targetLabel: event.targetLabel,
      targetName,
      before: asRecord(event.before),
      after: asRecord(event.after),
    }));
  const last = items.at(-1);
  return { items, nextCursor: rows.length > limit && last ? last.id : null };
}

/** Everyone who has made a recorded change in the workspace, for the "changed by" filter. */
export async function listAuditActors(db: Executor, workspaceId: string): Promise<AuditPerson[]> {
  return db
    .selectDistinct({ id: users.id, name: users.name, email: users.email })
    .from(auditEvents)
    .innerJoin(users, eq(users.id, auditEvents.actorUserId))
    .where(eq(auditEvents.workspaceId, workspaceId))
    .orderBy(asc(users.name), asc(users.email), asc(users.id));
}

/** Whether anything was recorded about `targetId` in the workspace. */
export async function hasAuditEventsFor(db: Executor, workspaceId: string, targetId: string) {
  const [event] = await db
    .select({ id: auditEvents.id })
    .from(auditEvents)
    .where(and(eq(auditEvents.workspaceId, workspaceId), eq(auditEvents.targetId, targetId)))
    .limit(1);
  return Boolean(event);
}

/** When a member's current limit was set and what they had used this month by then. */
export type LimitSetting = { membershipId: string; at: Date; usedBefore: number };

/**
 * The latest monthly-limit change of each member (all of the workspace's, or just `membershipIds`)
 * made this month (of `now`, in the workspace's time zone): what explains a usage above the limit.
 */
export async function listLimitSettingsThisMonth(
  db: Executor,
  workspaceId: string,
  now: Date,
  membershipIds?: string[],
): Promise<LimitSetting[]> {
  const rows = await db.execute<{ target_id: string; created_at: string; used_before: string | null }>(sql`
    select distinct on (target_id) target_id, created_at, after->>'usedBefore' as used_before
      from audit_events
     where workspace_id = ${workspaceId}::uuid and action = 'member.limit_changed'
       and created_at >= (select date_trunc('month', ${now.toISOString()}::timestamptz at time zone w.time_zone)
                                   at time zone w.time_zone
                              from workspaces w where w.id = ${workspaceId}::uuid)
       ${membershipIds ? sql`and ${inArray(auditEvents.targetId, membershipIds)}` : sql``}
     order by target_id, created_at desc, id desc`);
  return rows.map((r) => ({
    membershipId: r.target_id,
    at: new Date(r.created_at),
    usedBefore: r.used_before === null ? 0 : Number(r.used_before),
  }));
}
