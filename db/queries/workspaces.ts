// Workspaces: created with their owner and credit account, found by slug, changed by owners, and
// deleted with everything in them; and the local day whose free daily credits they last had. The
// subscription's columns are db/queries/subscriptions.ts.
import "server-only";
import { and, eq, inArray, isNull, notInArray, sql } from "drizzle-orm";
import type { Database, Executor, Transaction } from "@/db";
import { memberships, workspaces, type NewWorkspace, type Workspace } from "@/db/schema";
import { openCreditAccount, syncAlertThreshold } from "./credit-accounts";
import { addMember } from "./members";
import { SUBSCRIBED_STATUSES } from "./subscriptions";

export type CreateWorkspaceInput = Omit<NewWorkspace, "id" | "createdAt"> & {
  ownerUserId: string;
  /** The plan's default Low Balance threshold, for the alert while no threshold is set. */
  defaultLowBalanceThreshold: number;
};

/** Creates a workspace with its owner's membership and its (empty) credit account, atomically. */
export async function createWorkspace(db: Executor, input: CreateWorkspaceInput) {
  const { ownerUserId, defaultLowBalanceThreshold, ...values } = input;
  return db.transaction(async (tx) => {
    const [workspace] = await tx.insert(workspaces).values(values).returning();
    if (!workspace) throw new Error("workspace insert returned nothing");
    const owner = await addMember(tx, { workspaceId: workspace.id, userId: ownerUserId, role: "owner" });
    await openCreditAccount(tx, workspace.id);
    await syncAlertThreshold(tx, workspace.id, defaultLowBalanceThreshold);
    return { workspace, owner };
  });
}

/**
 * Locks the workspace's row until the transaction ends: invitations and joins take it so two of
 * them can't both take the last seat.
 */
/** The workspace row itself, locked until the transaction ends (for settings read and changed together). */
export async function lockWorkspaceRow(tx: Transaction, workspaceId: string) {
  const [row] = await tx.select().from(workspaces).where(eq(workspaces.id, workspaceId)).for("update");
  return row ?? null;
}

export async function lockWorkspace(tx: Transaction, workspaceId: string): Promise<void> {
  await tx.execute(sql`select id from workspaces where id = ${workspaceId}::uuid for update`);
}

/** What owners change on the General and Billing settings. */
type WorkspaceSettings = Partial<
  Pick<
    Workspace,
    "name" | "timeZone" | "lowBalanceThreshold" | "defaultMemberMonthlyLimit" | "defaultMayUseTopUp"
  >
>;

export async function updateWorkspace(db: Executor, workspaceId: string, settings: WorkspaceSettings) {
  await db.update(workspaces).set(settings).where(eq(workspaces.id, workspaceId));
}

/** Remembers the workspace's customer at the payments provider. */
export async function setStripeCustomerId(db: Executor, workspaceId: string, customerId: string) {
  await db.update(workspaces).set({ stripeCustomerId: customerId }).where(eq(workspaces.id, workspaceId));
}

/** Deletes the workspace with everything in it (its credits, history and audit log go with it). */
export async function deleteWorkspace(db: Executor, workspaceId: string) {
  await db.delete(workspaces).where(eq(workspaces.id, workspaceId));
}

export async function isSlugTaken(db: Executor, slug: string): Promise<boolean> {
  const [taken] = await db.select({ id: workspaces.id }).from(workspaces).where(eq(workspaces.slug, slug));
  return Boolean(taken);
}

/**
 * Serialises the creation of workspaces whose slugs start from the same base, to the end of the
 * outermost transaction, so the second looks for a free slug after the first has committed.
 */
export async function lockSlugBase(tx: Transaction, base: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`workspace-slug:${base}`}))`);
}

export async function getWorkspace(db: Executor, workspaceId: string) {
  const [workspace] = await db.select().from(workspaces).where(eq(workspaces.id, workspaceId));
  return workspace ?? null;
}

export async function getWorkspaceBySlug(db: Database, slug: string) {
  const [workspace] = await db.select().from(workspaces).where(eq(workspaces.slug, slug)).limit(1);
  return workspace ?? null;
}

/** The workspaces a user belongs to now (removed memberships left out), with their role in each. */
export async function listWorkspacesForUser(db: Database, userId: string) {
  return db
    .select({ workspace: workspaces, membershipId: memberships.id, role: memberships.role })
    .from(memberships)
    .innerJoin(workspaces, eq(workspaces.id, memberships.workspaceId))
    .where(and(eq(memberships.userId, userId), isNull(memberships.removedAt)))
    .orderBy(workspaces.name, workspaces.id);
}

/**
 * Whether PostgreSQL knows a time zone. The browser's and Node's ICU accept some names the
 * database's tz data does not (say `US/Pacific-New`, `SystemV/AST4`), and every day and month is
 * counted in SQL, so a workspace's zone must be one both know.
 */
export async function isTimeZoneKnown(db: Executor, zone: string): Promise<boolean> {
  try {
    await db.execute(sql`select now() at time zone ${zone}`);
    return true;
  } catch (error) {
    // 22023 invalid_parameter_value: time zone "…" not recognized.
    if ((error as { cause?: { code?: string } }).cause?.code === "22023") return false;
    throw error;
  }
}

/**
 * Workspaces without a subscription whose local today (in their own time zone, as of `now`) has no
 * free credits yet: all of them, or only `workspaceIds`.
 */
export async function listDueFreeCredits(db: Executor, now: Date, workspaceIds?: string[]) {
  return db
    .select()
    .from(workspaces)
    .where(
      and(
        notInArray(workspaces.subscriptionStatus, [...SUBSCRIBED_STATUSES]),
        sql`(${workspaces.freeCreditsGrantedFor} is null or ${workspaces.freeCreditsGrantedFor} < (${now.toISOString()}::timestamptz at time zone ${workspaces.timeZone})::date)`,
        workspaceIds ? inArray(workspaces.id, workspaceIds) : undefined,
      ),
    );
}

/** Remembers the local day (YYYY-MM-DD) whose free credits the workspace has had. */
export async function setFreeCreditsGrantedFor(db: Executor, workspaceId: string, day: string) {
  await db.update(workspaces).set({ freeCreditsGrantedFor: day }).where(eq(workspaces.id, workspaceId));
}
