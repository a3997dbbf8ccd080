// What health checks and metrics read about the database itself: that it answers, which drizzle
// migrations it has applied, and the scheduler's queues (pg-boss's own tables in schema pgboss,
// which exist once any instance has started the scheduler).
import "server-only";
import { sql } from "drizzle-orm";
import type { Database } from "@/db";

/** One round trip; throws when the database does not answer. */
export async function pingDatabase(db: Database): Promise<void> {
  await db.execute(sql`select 1`);
}

/** How many drizzle migrations the database has applied, and the newest one's folder timestamp. */
export async function readAppliedMigrations(
  db: Database,
): Promise<{ count: number; newestAt: number | null }> {
  const table = await db.execute<{ present: boolean }>(
    sql`select to_regclass('drizzle.__drizzle_migrations') is not null as present`,
  );
  if (!table[0]?.present) return { count: 0, newestAt: null };
  const rows = await db.execute<{ count: number; newest: string | null }>(
    sql`select count(*)::int as count, max(created_at)::text as newest from drizzle.__drizzle_migrations`,
  );
  const row = rows[0];
  return { count: Number(row?.count ?? 0), newestAt: row?.newest == null ? null : Number(row.newest) };
}

export type SchedulerState = {
  /** False when no instance has ever started the scheduler (no pgboss schema). */
  installed: boolean;
  /** When a job of `cyclesQueue` last completed (null: not within pg-boss's retention). */
  lastCyclesRunAt: Date | null;
  /** Per queue: when the oldest job that is due and not started became due (null: none waiting). */
  oldestDueAt: Map<string, Date | null>;
};

/** The scheduler's queues as pg-boss stores them, seen from `now`. */
export async function readSchedulerState(
  db: Database,
  queues: readonly string[],
  cyclesQueue: string,
  now: Date,
): Promise<SchedulerState> {
  const oldestDueAt = new Map<string, Date | null>(queues.map((queue) => [queue, null]));
  const present = await db.execute<{ present: boolean }>(
    sql`select to_regclass('pgboss.job') is not null as present`,
  );
  if (!present[0]?.present) return { installed: false, lastCyclesRunAt: null, oldestDueAt };
  const names = sql.join(
    queues.map((queue) => sql`${queue}`),
    sql`, `,
  );
  const due = await db.execute<{ name: string; oldest: number }>(
    sql`select name, extract(epoch from min(start_after))::float8 as oldest from pgboss.job
        where name in (${names}) and state in ('created', 'retry')
          and start_after <= ${now.toISOString()}::timestamptz
        group by name`,
  );
  for (const row of due) oldestDueAt.set(row.name, new Date(Number(row.oldest) * 1000));
  const last = await db.execute<{ at: number | null }>(
    sql`select extract(epoch from max(completed_on))::float8 as at from pgboss.job
        where name = ${cyclesQueue} and state = 'completed'`,
  );
  const at = last[0]?.at;
  return { installed: true, lastCyclesRunAt: at == null ? null : new Date(Number(at) * 1000), oldestDueAt };
}
