// Memberships: who belongs to a workspace, with which role and monthly limit. A removed member keeps
// their row (marked removed): the ledger names who spent what.
import "server-only";
import { and, asc, eq, inArray, isNull, or, sql, type Placeholder } from "drizzle-orm";
import type { Database, Executor, Transaction } from "@/db";
import { memberships, users, workspaces, type MemberRole } from "@/db/schema";

/** Ids as one Postgres array literal (a JavaScript array in sql`` would become a list of parameters). */
const uuidArray = (ids: string[]) => `{${ids.join(",")}}`;

/**
 * One membership of one workspace, by both halves of its key: every write names the workspace, so an id
 * from another workspace matches nothing even if a caller forgot to check it.
 */
function membershipIn(workspaceId: string, membershipId: string) {
  return and(eq(memberships.workspaceId, workspaceId), eq(memberships.id, membershipId));
}

/** Members of the workspace now: removed ones are left out. */
function isCurrentMemberOf(workspaceId: string | Placeholder) {
  return and(eq(memberships.workspaceId, workspaceId), isNull(memberships.removedAt));
}

export type MemberRow = {
  membershipId: string;
  userId: string;
  name: string;
  email: string;
  role: MemberRole;
  monthlyLimit: number | null;
  usedThisMonth: number;
  /** Credits of this month's usage set aside by a limit that "starts from now" (0 if none). */
  uncountedThisMonth: number;
  mayUseTopUp: boolean;
  joinedAt: Date;
};

export async function addMember(
  db: Executor,
  input: {
    workspaceId: string;
    userId: string;
    role: MemberRole;
    monthlyLimit?: number | null;
    mayUseTopUp?: boolean;
    createdAt?: Date;
  },
) {
  const [membership] = await db
    .insert(memberships)
    .values({ ...input, monthlyLimit: input.monthlyLimit ?? null })
    .returning();
  if (!membership) throw new Error("membership insert returned nothing");
  return membership;
}

/**
 * The workspace's current members with what each used this month (month in the workspace's time
 * zone, as the ledger counts it) and when their allowance resets.
 */
export async function listMembersWithUsage(db: Executor, workspaceId: string, now: Date) {
  const rows = await db.execute<{
    membership_id: string;
    user_id: string;
    name: string;
    email: string;
    role: MemberRole;
    monthly_limit: string | null;
    used: string;
    uncounted: string;
    may_use_top_up: boolean;
    joined_at: string;
    resets_at: string;
  }>(sql`
    with p as (
      select date_trunc('month', ${now.toISOString()}::timestamptz at time zone w.time_zone)::date as period,
             w.time_zone
        from workspaces w where w.id = ${workspaceId}::uuid)
    select m.id as membership_id, u.id as user_id, u.name, u.email, m.role, m.monthly_limit,
           coalesce(mu.used, 0) as used, m.may_use_top_up, m.created_at as joined_at,
           coalesce(mu.used, 0) - cp_counted_usage(coalesce(mu.used, 0), m.limit_offset, m.limit_offset_period, p.period)
             as uncounted,
           ((p.period + interval '1 month')::timestamp at time zone p.time_zone) as resets_at
      from memberships m
      join users u on u.id = m.user_id
      cross join p
      left join member_usage mu on mu.membership_id = m.id and mu.workspace_id = m.workspace_id and mu.period_start = p.period
     where m.workspace_id = ${workspaceId}::uuid and m.removed_at is null
     order by u.name, m.id`);
  const resetsAt = rows[0] ? new Date(rows[0].resets_at) : null;
  const members: MemberRow[] = rows.map((r) => ({
    membershipId: r.membership_id,
    userId: r.user_id,
    name: r.name,
    email: r.email,
    role: r.role,
    monthlyLimit: r.monthly_limit === null ? null : Number(r.monthly_limit),
    usedThisMonth: Number(r.used),
    uncountedThisMonth: Number(r.uncounted),
    mayUseTopUp: r.may_use_top_up,
    joinedAt: new Date(r.joined_at),
  }));
  return { members, resetsAt };
}

/** The user's membership of the workspace, current or removed; null if they never joined. */
export async function findMembership(db: Executor, workspaceId: string, userId: string) {
  const [membership] = await db
    .select()
    .from(memberships)
    .where(and(eq(memberships.workspaceId, workspaceId), eq(memberships.userId, userId)));
  return membership ?? null;
}

/** The user's current (not removed) membership of a workspace, with the workspace; null if none. */
export async function findCurrentMembership(
  db: Executor,
  userId: string,
  where: { slug: string } | { workspaceId: string },
) {
  const [row] = await db
    .select({ workspace: workspaces, membership: memberships })
    .from(memberships)
    .innerJoin(workspaces, eq(workspaces.id, memberships.workspaceId))
    .where(
      and(
        eq(memberships.userId, userId),
        isNull(memberships.removedAt),
        "slug" in where ? eq(workspaces.slug, where.slug) : eq(workspaces.id, where.workspaceId),
      ),
    );
  return row ?? null;
}

/** A current (not removed) member of the workspace, with their user; `lock` holds the row until commit. */
export async function getMember(
  db: Executor,
  workspaceId: string,
  membershipId: string,
  options: { lock?: boolean } = {},
) {
  const query = db
    .select({ membership: memberships, user: users })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.id, membershipId), isCurrentMemberOf(workspaceId)));
  const [row] = options.lock ? await query.for("update", { of: memberships }) : await query;
  return row ?? null;
}

/** Members as the metering API names them: membership id and email. */
function selectMemberRefs(db: Executor) {
  return db
    .select({ id: memberships.id, email: users.email })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId));
}

/** The current member of the workspace with this email (any case), or null. */
export async function findMemberByEmail(db: Executor, workspaceId: string, email: string) {
  const [member] = await selectMemberRefs(db).where(
    and(isCurrentMemberOf(workspaceId), sql`lower(${users.email}) = ${email.toLowerCase()}`),
  );
  return member ?? null;
}

const refLookups = new WeakMap<Database, Map<boolean, ReturnType<typeof prepareRefLookup>>>();

function prepareRefLookup(db: Database, byId: boolean) {
  return selectMemberRefs(db)
    .where(
      and(
        isCurrentMemberOf(sql.placeholder("workspaceId")),
        byId
          ? eq(memberships.id, sql.placeholder("ref"))
          : eq(sql`lower(${users.email})`, sql.placeholder("ref")),
      ),
    )
    .prepare(byId ? "member_by_id" : "member_by_email");
}

/**
 * The current member a metering API call names, by membership id or by lower-cased email; null if
 * none. Every usage and hold call runs it, so the statement is built once per database handle.
 */
export async function findCurrentMemberByRef(
  db: Database,
  workspaceId: string,
  ref: { id: string } | { email: string },
): Promise<{ id: string; email: string } | null> {
  const byId = "id" in ref;
  let lookups = refLookups.get(db);
  if (!lookups) {
    lookups = new Map();
    refLookups.set(db, lookups);
  }
  let lookup = lookups.get(byId);
  if (!lookup) {
    lookup = prepareRefLookup(db, byId);
    lookups.set(byId, lookup);
  }
  const [row] = await lookup.execute({ workspaceId, ref: "id" in ref ? ref.id : ref.email });
  return row ?? null;
}

/** The current members with any of these membership ids or (lower-cased) emails. */
export async function findCurrentMembersByRefs(
  db: Executor,
  workspaceId: string,
  refs: { ids: string[]; emails: string[] },
): Promise<{ id: string; email: string }[]> {
  return selectMemberRefs(db).where(
    and(
      isCurrentMemberOf(workspaceId),
      or(
        refs.ids.length ? inArray(memberships.id, refs.ids) : sql`false`,
        refs.emails.length ? inArray(sql`lower(${users.email})`, refs.emails) : sql`false`,
      ),
    ),
  );
}

/**
 * Locks the workspace's owner rows until the transaction ends, so two role changes or removals
 * can't both pass the last-owner rule.
 */
export async function lockOwners(tx: Transaction, workspaceId: string): Promise<void> {
  await tx.execute(
    sql`select id from memberships where workspace_id = ${workspaceId}::uuid and role = 'owner' for update`,
  );
}

/** The email of the workspace's longest-standing current owner; null if it has none. */
export async function getFirstOwnerEmail(db: Executor, workspaceId: string): Promise<string | null> {
  const [owner] = await db
    .select({ email: users.email })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(isCurrentMemberOf(workspaceId), eq(memberships.role, "owner")))
    .orderBy(asc(memberships.createdAt), asc(memberships.id))
    .limit(1);
  return owner?.email ?? null;
}

export async function countOwners(db: Executor, workspaceId: string): Promise<number> {
  const [row] = await db
    .select({ count: sql<number>`count(*)::int` })
    .from(memberships)
    .where(and(isCurrentMemberOf(workspaceId), eq(memberships.role, "owner")));
  return row?.count ?? 0;
}

/** Current (not removed) members. */
export async function countMembers(db: Executor, workspaceId: string): Promise<number> {
  const [row] = await db.execute<{ members: number }>(
    sql`select count(*)::int as members from memberships where workspace_id = ${workspaceId}::uuid and removed_at is null`,
  );
  return row?.members ?? 0;
}

/** Seats taken: current members plus invitations still waiting for an answer. */
export async function countSeatsUsed(db: Executor, workspaceId: string, now: Date) {
  const [row] = await db.execute<{ members: number; pending: number }>(sql`
    select (select count(*)::int from memberships where workspace_id = ${workspaceId}::uuid and removed_at is null) as members,
           (select count(*)::int from invitations where workspace_id = ${workspaceId}::uuid and accepted_at is null
               and revoked_at is null and expires_at > ${now.toISOString()}::timestamptz) as pending`);
  return { members: row?.members ?? 0, pending: row?.pending ?? 0 };
}

export async function setMemberRole(
  db: Executor,
  workspaceId: string,
  membershipId: string,
  role: MemberRole,
) {
  await db.update(memberships).set({ role }).where(membershipIn(workspaceId, membershipId));
}

/** Removes a member: they lose access at once; the row stays, marked removed at `at`. */
export async function removeMember(db: Executor, workspaceId: string, membershipId: string, at: Date) {
  await db.update(memberships).set({ removedAt: at }).where(membershipIn(workspaceId, membershipId));
}

/** Gives a removed member their membership back, with a new role, limit and top-up permission. */
export async function restoreMember(
  db: Executor,
  workspaceId: string,
  membershipId: string,
  access: { role: MemberRole; monthlyLimit: number | null; mayUseTopUp: boolean },
) {
  await db
    .update(memberships)
    .set({ removedAt: null, ...access, limitOffset: 0, limitOffsetPeriod: null })
    .where(membershipIn(workspaceId, membershipId));
}

/** Sets a member's monthly credit limit (null: Unlimited). */
export async function setMemberLimit(
  db: Executor,
  workspaceId: string,
  membershipId: string,
  monthlyLimit: number | null,
) {
  await db.update(memberships).set({ monthlyLimit }).where(membershipIn(workspaceId, membershipId));
}

/** The current members `membershipIds` with what a limit change needs, locked in id order (no deadlock). */
export async function lockMembersForLimitChange(
  tx: Transaction,
  workspaceId: string,
  membershipIds: string[],
  now: Date,
) {
  const rows = await tx.execute<{
    membership_id: string;
    email: string;
    monthly_limit: string | null;
    used: string;
    offset: string;
    period: string;
  }>(sql`
    with p as (
      select date_trunc('month', ${now.toISOString()}::timestamptz at time zone w.time_zone)::date as period
        from workspaces w where w.id = ${workspaceId}::uuid),
    locked as (
      select m.id, m.workspace_id, m.user_id, m.monthly_limit, m.limit_offset, m.limit_offset_period
        from memberships m
       where m.workspace_id = ${workspaceId}::uuid and m.removed_at is null
         and m.id = any(${uuidArray(membershipIds)}::uuid[])
       order by m.id
         for update of m)
    select l.id as membership_id, u.email, l.monthly_limit, coalesce(mu.used, 0) as used,
           case when l.limit_offset_period = p.period then l.limit_offset else 0 end as offset,
           p.period::text as period
      from locked l
      join users u on u.id = l.user_id
      cross join p
      left join member_usage mu on mu.membership_id = l.id and mu.workspace_id = l.workspace_id and mu.period_start = p.period
     order by l.id`);
  return rows.map((r) => ({
    membershipId: r.membership_id,
    email: r.email,
    monthlyLimit: r.monthly_limit === null ? null : Number(r.monthly_limit),
    usedThisMonth: Number(r.used),
    /** Credits of this month's usage that don't count against the limit ("starts from now"). */
    offset: Number(r.offset),
    period: r.period,
  }));
}

/**
 * Sets the monthly limit of several members at once (null: Unlimited). `startFromNow` sets what each
 * has used this month aside (memberships.limit_offset for `period`), read in the same statement so
 * no spend falls between the read and the write; otherwise everything used this month counts.
 */
export async function setMemberLimits(
  tx: Transaction,
  workspaceId: string,
  membershipIds: string[],
  monthlyLimit: number | null,
  offset: { startFromNow: boolean; period: string },
) {
  const rows = await tx.execute<{ id: string; limit_offset: string }>(sql`
    update memberships m
       set monthly_limit = ${monthlyLimit},
           limit_offset = case when ${offset.startFromNow}
             then coalesce((select mu.used from member_usage mu
                             where mu.membership_id = m.id and mu.workspace_id = m.workspace_id
                               and mu.period_start = ${offset.period}::date), 0)
             else 0 end,
           limit_offset_period = case when ${offset.startFromNow} then ${offset.period}::date else null end
     where m.workspace_id = ${workspaceId}::uuid and m.id = any(${uuidArray(membershipIds)}::uuid[])
    returning m.id, m.limit_offset`);
  return new Map(rows.map((r) => [r.id, Number(r.limit_offset)]));
}

/** Whether a member may spend top-up (bought) credits. */
export async function setMemberMayUseTopUp(
  db: Executor,
  workspaceId: string,
  membershipId: string,
  mayUseTopUp: boolean,
) {
  await db.update(memberships).set({ mayUseTopUp }).where(membershipIn(workspaceId, membershipId));
}

/** Credits a member has used in the calendar month (in `timeZone`) that contains `at`. */
export async function getMemberUsedInMonth(
  db: Executor,
  membershipId: string,
  timeZone: string,
  at: Date,
): Promise<number> {
  const [usage] = await db.execute<{ used: number }>(sql`
    select coalesce(sum(used), 0)::int as used
      from member_usage
     where membership_id = ${membershipId}::uuid
       and period_start = date_trunc('month', ${at.toISOString()}::timestamptz at time zone ${timeZone})::date`);
  return usage?.used ?? 0;
}
