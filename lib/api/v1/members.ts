import "server-only";
import { and, eq, inArray, isNull, or, sql } from "drizzle-orm";
import type { Database } from "@/db";
import { memberships, users } from "@/db/schema";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const singleLookups = new WeakMap<Database, Map<boolean, ReturnType<typeof prepareSingleLookup>>>();

function prepareSingleLookup(db: Database, byId: boolean) {
  return db
    .select({ id: memberships.id, email: users.email })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(
      and(
        eq(memberships.workspaceId, sql.placeholder("workspaceId")),
        isNull(memberships.removedAt),
        byId
          ? eq(memberships.id, sql.placeholder("ref"))
          : eq(sql`lower(${users.email})`, sql.placeholder("ref")),
      ),
    )
    .prepare(byId ? "member_by_id" : "member_by_email");
}

function singleLookup(db: Database, byId: boolean) {
  let lookups = singleLookups.get(db);
  if (!lookups) {
    lookups = new Map();
    singleLookups.set(db, lookups);
  }
  let lookup = lookups.get(byId);
  if (!lookup) {
    lookup = prepareSingleLookup(db, byId);
    lookups.set(byId, lookup);
  }
  return lookup;
}

/**
 * A member of the workspace by email or membership id; null when there is none (or they were
 * removed). The ledger checks membership again inside its transaction.
 */
export async function resolveMembers(
  db: Database,
  workspaceId: string,
  refs: string[],
): Promise<Map<string, { id: string; email: string }>> {
  const unique = [...new Set(refs)];
  const ids = unique.filter((r) => UUID.test(r));
  const emails = unique.filter((r) => !UUID.test(r)).map((r) => r.toLowerCase());
  const found = new Map<string, { id: string; email: string }>();
  if (unique.length === 0) return found;
  const [only] = unique;
  if (unique.length === 1 && only !== undefined) {
    // One member (every single usage or hold call): a statement built once per database handle.
    const byId = UUID.test(only);
    const [row] = await singleLookup(db, byId).execute({
      workspaceId,
      ref: byId ? only : only.toLowerCase(),
    });
    if (row) found.set(only, row);
    return found;
  }
  const rows = await db
    .select({ id: memberships.id, email: users.email })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(
      and(
        eq(memberships.workspaceId, workspaceId),
        isNull(memberships.removedAt),
        or(
          ids.length ? inArray(memberships.id, ids) : sql`false`,
          emails.length ? inArray(sql`lower(${users.email})`, emails) : sql`false`,
        ),
      ),
    );
  for (const ref of unique) {
    const row = rows.find((r) => r.id === ref.toLowerCase() || r.email.toLowerCase() === ref.toLowerCase());
    if (row) found.set(ref, row);
  }
  return found;
}
