// Every wait of npm run test:scale has a deadline and a name. `within` runs a piece of work with a
// deadline and fails naming what it waited for; while anything is waited on, a watchdog says every
// 15 s what is still pending and for how long, and `progress` holds what each load client is doing
// now, so a run that stalls says where (run 2 of session 11 hung after its load with no word).
import postgres from "postgres";
import { log } from "./infra";

type Wait = { what: string; since: number; ms: number; quietMs: number };
const pending = new Map<number, Wait>();
let nextId = 0;

/** What each long-running client is doing now (name → step), shown by the watchdog and on a timeout. */
export const progress = new Map<string, string>();

export class DeadlineError extends Error {}

/**
 * Resolves as `work` does, or rejects after `ms` with an error naming `what` (the work goes on).
 * The watchdog says nothing of it for its first `quietMs` (a wait as long as expected is no news).
 */
export function within<T>(
  what: string,
  ms: number,
  work: Promise<T> | (() => Promise<T>),
  options: { quietMs?: number } = {},
): Promise<T> {
  const id = (nextId += 1);
  pending.set(id, { what, since: Date.now(), ms, quietMs: options.quietMs ?? 0 });
  const promise = typeof work === "function" ? work() : work;
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(new DeadlineError(`timed out after ${ms} ms waiting for ${what}${describeProgress()}`));
    }, ms);
  });
  return Promise.race([promise, deadline]).finally(() => {
    clearTimeout(timer);
    pending.delete(id);
  });
}

function describeProgress(): string {
  const busy = [...progress].filter(([, step]) => step !== "idle");
  return busy.length === 0
    ? ""
    : `; clients busy: ${busy.map(([name, step]) => `${name}: ${step}`).join("; ")}`;
}

/** What is waited on right now, oldest first (the watchdog's line). */
export function pendingWaits(now = Date.now()): string[] {
  return [...pending.values()]
    .sort((a, b) => a.since - b.since)
    .map((w) => `${w.what} (${Math.round((now - w.since) / 1000)} s of ${Math.round(w.ms / 1000)} s)`);
}

/** Every `everyMs`, logs the waits older than `everyMs` and the clients' steps. Returns the stop. */
export function startWatchdog(everyMs = 15_000): () => void {
  const timer = setInterval(() => {
    const now = Date.now();
    const old = [...pending.values()].filter((w) => now - w.since >= Math.max(everyMs, w.quietMs));
    if (old.length === 0) return;
    log(`still waiting for: ${pendingWaits(now).join("; ")}${describeProgress()}`);
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}

/**
 * What the database is doing (every backend that is not idle: who, since when, waiting on what, the
 * query), for the diagnosis of a stalled run. Its own connection, bounded by 5 s.
 */
export async function describeDatabase(url: string): Promise<string[]> {
  const sql = postgres(url, { max: 1, connect_timeout: 5, idle_timeout: 1, onnotice: () => {} });
  try {
    const rows = await within(
      "pg_stat_activity",
      5_000,
      sql<
        {
          pid: number;
          app: string;
          client: string;
          state: string;
          seconds: number;
          wait: string;
          blocked: number[];
          query: string;
        }[]
      >`
        select pid, application_name as app, coalesce(client_addr::text || ':' || client_port, 'local') as client,
          state, round(extract(epoch from now() - coalesce(xact_start, query_start)))::int as seconds,
          coalesce(wait_event_type || '/' || wait_event, '') as wait, pg_blocking_pids(pid) as blocked,
          left(regexp_replace(query, '\\s+', ' ', 'g'), 160) as query
        from pg_stat_activity
        where datname = current_database() and pid <> pg_backend_pid() and state is distinct from 'idle'
        order by seconds desc nulls last`,
    );
    return rows.map(
      (r) =>
        `pid ${r.pid} ${r.app} ${r.client} ${r.state} ${r.seconds} s${r.wait ? ` waiting ${r.wait}` : ""}${
          r.blocked.length ? ` blocked by ${r.blocked.join(",")}` : ""
        }: ${r.query}`,
    );
  } catch (error) {
    return [`could not read pg_stat_activity: ${String(error)}`];
  } finally {
    await sql.end({ timeout: 1 }).catch(() => {});
  }
}
