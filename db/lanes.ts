// Lanes: the connections group commit (lib/ledger/coalesce.ts) sends its spend statements on, each a
// pool of one connection, taken most recently used first.
//
// Why: the driver hands a query to the connection that has been idle longest, so a pool of four at one
// spend at a time sends each spend to a different PostgreSQL backend in turn, and each finds its
// caches cold (the other three backends and the app ran in between). In one process, one spend at a
// time, the same spend took 1.35-2.04 ms p50 on a pool of two or four and 0.92-1.18 ms on one
// connection (docs/PERFORMANCE.md, "Each target's floor measured, and warm connections for spends").
// A lane that has just finished is the next one used, so a quiet instance keeps spending on one warm
// backend, and a busy one opens more lanes, up to the pool's size, as more spends are in flight at once.
//
// Lanes are opened on first use and ended with the pool they belong to (`db.$client.end()` ends them
// first), so each instance opens at most twice DATABASE_POOL_SIZE connections: the pool, and as many
// lanes as spend statements were ever in flight at once (docs/DEPLOY.md).
import "server-only";
import type postgres from "postgres";

/** A database handle (db/index.ts's Database; only its client's end() matters here). */
type Handle = { $client: Pick<postgres.Sql, "end"> };

type Lanes<Database extends Handle = Handle> = {
  /** Idle lanes, the most recently released last. */
  idle: Database[];
  /** Every lane opened so far. */
  all: Database[];
  max: number;
  open: () => Database;
};

// Kept on the database handle under a global symbol: Next.js bundles instrumentation.ts and the route
// handlers apart, each with its own copy of this module, and they must all find the same lanes.
const LANES = Symbol.for("creditpool.lanes");
type WithLanes = Handle & { [LANES]?: Lanes };

/**
 * Gives `db` up to `max` lanes, each opened by `open` when first needed, and makes `db.$client.end()`
 * end them before the pool itself.
 */
export function attachLanes<Database extends Handle>(db: Database, max: number, open: () => Database): void {
  const lanes: Lanes<Database> = { idle: [], all: [], max, open };
  (db as WithLanes)[LANES] = lanes;
  const client = db.$client;
  const end = client.end.bind(client);
  client.end = (async (options?: { timeout?: number }) => {
    await Promise.all(lanes.all.map((lane) => lane.$client.end(options)));
    return end(options);
  }) as postgres.Sql["end"];
}

/**
 * Runs `work` on the most recently used idle lane of `db` (opening one if all are busy and fewer than
 * its pool's size are open), or on `db` itself when it has no lane to give.
 */
export async function onLane<Database extends Handle, T>(
  db: Database,
  work: (lane: Database) => Promise<T>,
): Promise<T> {
  const lanes = (db as WithLanes)[LANES] as Lanes<Database> | undefined;
  if (!lanes) return work(db);
  let lane = lanes.idle.pop();
  if (!lane && lanes.all.length < lanes.max) {
    lane = lanes.open();
    lanes.all.push(lane);
  }
  if (!lane) return work(db);
  try {
    return await work(lane);
  } finally {
    lanes.idle.push(lane);
  }
}

/** How many lanes `db` has opened (for tests and diagnostics). */
export function lanesOpened(db: Handle): number {
  return (db as WithLanes)[LANES]?.all.length ?? 0;
}
