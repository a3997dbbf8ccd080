// Group commit for spends. A workspace's spends are serialised by its account row anyway, so while
// one is in flight the spends that arrive for the same workspace (in this process) wait and then go
// together in one cp_debit_records statement: one lock, one commit, one round trip for all of them.
// Each keeps its own idempotency key and gets its own result, in arrival order, under the rules of a
// single spend: cp_debit and cp_debit_batch share them (db/functions/debit.sql), and
// tests/integration/batch-spend.test.ts checks the two agree record by record.
//
// Across workspaces: while every connection of the pool is busy with a spend, the spends that arrive
// (for any idle workspace) wait here instead of in the driver's queue, and when a connection frees,
// all that wait go in one cp_debit_group statement (db/functions/debit-group.sql): each workspace
// under its own rules, one statement and one commit for all (0.6-0.7x PostgreSQL's CPU a spend,
// docs/PERFORMANCE.md). If that statement fails, each workspace is sent alone, so an error reaches
// only the spends it belongs to. A spend that finds its workspace idle and a connection free goes
// alone, so light traffic sees no change.
//
// Every statement goes on a lane (db/lanes.ts): a connection of its own, the most recently used idle
// one first, so one spend at a time keeps meeting the same warm backend instead of the pool's next.
import type { Database } from "@/db";
import { onLane } from "@/db/lanes";
import type { Clock } from "@/lib/clock";
import { debitGroup, debitOne, debitRecords, MAX_BATCH, type DebitRecord } from "./debit-records";
import { failure } from "./messages";
import { observeGroupCommit } from "@/lib/metrics/ledger";
import type { LedgerContext, LedgerOutcome, SpendResult } from "./types";

type Waiting = {
  record: DebitRecord<"spend">;
  resolve: (outcome: LedgerOutcome<SpendResult>) => void;
  reject: (error: unknown) => void;
};
/** Waiting spends of one workspace, on their way together. */
type Group = { workspaceId: string; waiting: Waiting[] };
/** The spends of this process on one database handle and clock. */
type Scheduler = {
  /** Spend statements on their way to the database now. */
  inFlight: number;
  /** Workspaces with a statement on its way: their next spends wait for it (arrival order). */
  busy: Set<string>;
  /** Spends waiting, by workspace, each list in arrival order (the map in order of first arrival). */
  waiting: Map<string, Waiting[]>;
};
/**
 * The spends and batches on their way to the database now, in this process (for graceful shutdown).
 * On globalThis: Next.js bundles the routes and instrumentation.ts separately, and the shutdown
 * started from the one must see the spends of the other.
 */
const globalForCoalesce = globalThis as unknown as { creditpoolSpendsInFlight?: Set<Promise<unknown>> };
const inFlight = (globalForCoalesce.creditpoolSpendsInFlight ??= new Set());

function track<T>(work: Promise<T>): Promise<T> {
  inFlight.add(work);
  const forget = () => inFlight.delete(work);
  work.then(forget, forget);
  return work;
}

/**
 * Resolves once every spend this process has accepted, alone or waiting for a batch, has its answer
 * from the database (graceful shutdown waits here before it closes the pools).
 */
export async function flushGroupCommit(): Promise<void> {
  while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
}

/**
 * How spends went since the process started: alone, in one workspace's batches, in statements of
 * several workspaces (`groups`, with `grouped` workspaces in all) and sent alone after such a
 * statement failed (`fallbacks`, workspaces): for tests and diagnostics.
 */
export const coalesceStats = { alone: 0, batches: 0, batched: 0, groups: 0, grouped: 0, fallbacks: 0 };

// One scheduler per database handle and clock (a statement takes its time from one clock).
const schedulers = new WeakMap<Database, WeakMap<Clock, Scheduler>>();

function schedulerFor(ctx: LedgerContext): Scheduler {
  let byClock = schedulers.get(ctx.db);
  if (!byClock) {
    byClock = new WeakMap();
    schedulers.set(ctx.db, byClock);
  }
  let scheduler = byClock.get(ctx.clock);
  if (!scheduler) {
    scheduler = { inFlight: 0, busy: new Set(), waiting: new Map() };
    byClock.set(ctx.clock, scheduler);
  }
  return scheduler;
}

/**
 * How many spend statements may be on their way at once: the pool's connections. More would only
 * queue in the driver, one statement each; waiting here, they share one.
 */
function capacity(ctx: LedgerContext): number {
  const max = (ctx.db.$client as { options?: { max?: unknown } } | undefined)?.options?.max;
  return typeof max === "number" && max > 0 ? max : Number.POSITIVE_INFINITY;
}

/**
 * Debits a spend alone if its workspace is idle and a connection free; otherwise it waits and goes
 * with the next statement: its workspace's batch, or a group of several workspaces.
 */
export function coalesceSpend(
  ctx: LedgerContext,
  workspaceId: string,
  record: DebitRecord<"spend">,
): Promise<LedgerOutcome<SpendResult>> {
  const scheduler = schedulerFor(ctx);
  if (
    !scheduler.busy.has(workspaceId) &&
    !scheduler.waiting.has(workspaceId) &&
    scheduler.inFlight < capacity(ctx)
  ) {
    scheduler.busy.add(workspaceId);
    scheduler.inFlight += 1;
    coalesceStats.alone += 1;
    observeGroupCommit(1);
    return track(
      onLaneOf(ctx, (lane) => debitOne<SpendResult>(lane, workspaceId, record)).finally(() => {
        scheduler.busy.delete(workspaceId);
        scheduler.inFlight -= 1;
        dispatch(ctx, scheduler);
      }),
    );
  }
  const queued = new Promise<LedgerOutcome<SpendResult>>((resolve, reject) => {
    const list = scheduler.waiting.get(workspaceId);
    if (list) list.push({ record, resolve, reject });
    else scheduler.waiting.set(workspaceId, [{ record, resolve, reject }]);
  });
  // The workspace may be the busy one, not the pool: what can go now, goes.
  dispatch(ctx, scheduler);
  return track(queued);
}

/** Sends what waits for idle workspaces, one statement per free connection (at most MAX_BATCH spends each). */
function dispatch(ctx: LedgerContext, scheduler: Scheduler): void {
  while (scheduler.inFlight < capacity(ctx)) {
    const groups: Group[] = [];
    let spends = 0;
    for (const [workspaceId, list] of scheduler.waiting) {
      if (spends >= MAX_BATCH) break;
      if (scheduler.busy.has(workspaceId)) continue;
      const taken = list.splice(0, MAX_BATCH - spends);
      if (list.length === 0) scheduler.waiting.delete(workspaceId);
      groups.push({ workspaceId, waiting: taken });
      spends += taken.length;
    }
    if (groups.length === 0) return;
    for (const group of groups) scheduler.busy.add(group.workspaceId);
    scheduler.inFlight += 1;
    observeGroupCommit(spends);
    void track(
      send(ctx, groups).finally(() => {
        for (const group of groups) scheduler.busy.delete(group.workspaceId);
        scheduler.inFlight -= 1;
        dispatch(ctx, scheduler);
      }),
    );
  }
}

/** Debits the groups in one statement and answers every waiting spend; never rejects. */
async function send(ctx: LedgerContext, groups: Group[]): Promise<void> {
  const [only] = groups;
  if (only && groups.length === 1) return sendAlone(ctx, only);
  coalesceStats.groups += 1;
  coalesceStats.grouped += groups.length;
  let outcomes: LedgerOutcome<SpendResult>[][];
  try {
    outcomes = await onLaneOf(ctx, (lane) =>
      debitGroup(
        lane,
        groups.map((g) => ({ workspaceId: g.workspaceId, records: g.waiting.map((w) => w.record) })),
      ),
    );
  } catch {
    // Nothing of the group was written: each workspace alone, so the error meets only its own spends.
    coalesceStats.fallbacks += groups.length;
    await Promise.all(groups.map((g) => sendAlone(ctx, g)));
    return;
  }
  groups.forEach((g, i) => answer(g.waiting, outcomes[i] ?? []));
}

/** Debits one workspace's waiting spends: cp_debit for one, cp_debit_records for several; never rejects. */
async function sendAlone(ctx: LedgerContext, group: Group): Promise<void> {
  const { workspaceId, waiting } = group;
  const [first] = waiting;
  try {
    if (first && waiting.length === 1) {
      coalesceStats.alone += 1;
      first.resolve(await onLaneOf(ctx, (lane) => debitOne<SpendResult>(lane, workspaceId, first.record)));
      return;
    }
    coalesceStats.batches += 1;
    coalesceStats.batched += waiting.length;
    answer(
      waiting,
      await onLaneOf(ctx, (lane) =>
        debitRecords(
          lane,
          workspaceId,
          waiting.map((w) => w.record),
        ),
      ),
    );
  } catch (error) {
    for (const w of waiting) w.reject(error);
  }
}

/** Runs `work` with `ctx` on a lane of its database (db/lanes.ts), the same clock. */
function onLaneOf<T>(ctx: LedgerContext, work: (lane: LedgerContext) => Promise<T>): Promise<T> {
  return onLane(ctx.db, (db) => work({ ...ctx, db }));
}

function answer(waiting: Waiting[], outcomes: LedgerOutcome<SpendResult>[]): void {
  waiting.forEach((w, i) => w.resolve(outcomes[i] ?? failure("workspace_not_found")));
}
