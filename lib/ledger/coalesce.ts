// Group commit for spends. A workspace's spends are serialised by its account row anyway, so while
// one is in flight the spends that arrive for the same workspace (in this process) wait and then go
// together in one cp_debit_batch statement: one lock, one commit, one round trip for all of them.
// Each keeps its own idempotency key and gets its own result, in arrival order, under the rules of a
// single spend: cp_debit and cp_debit_batch share them (db/functions/debit.sql), and
// tests/integration/batch-spend.test.ts checks the two agree record by record. A spend that finds its
// workspace idle goes alone, so light traffic sees no change.
import type { Database } from "@/db";
import type { Clock } from "@/lib/clock";
import { debitOne, debitRecords, MAX_BATCH, type DebitRecord } from "./debit-records";
import { failure } from "./messages";
import { observeGroupCommit } from "@/lib/metrics/ledger";
import type { LedgerContext, LedgerOutcome, SpendResult } from "./types";

type Waiting = {
  record: DebitRecord<"spend">;
  resolve: (outcome: LedgerOutcome<SpendResult>) => void;
  reject: (error: unknown) => void;
};
type Lane = { busy: boolean; waiting: Waiting[] };

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

/** How spends went since the process started (alone, or in batches): for tests and diagnostics. */
export const coalesceStats = { alone: 0, batches: 0, batched: 0 };

// One lane per workspace, per database handle and clock (a batch takes its time from one clock).
const lanes = new WeakMap<Database, WeakMap<Clock, Map<string, Lane>>>();

function lanesFor(ctx: LedgerContext): Map<string, Lane> {
  let byClock = lanes.get(ctx.db);
  if (!byClock) {
    byClock = new WeakMap();
    lanes.set(ctx.db, byClock);
  }
  let byWorkspace = byClock.get(ctx.clock);
  if (!byWorkspace) {
    byWorkspace = new Map();
    byClock.set(ctx.clock, byWorkspace);
  }
  return byWorkspace;
}

/** Debits a spend alone if its workspace is idle; otherwise it joins the next batch of its waiting spends. */
export async function coalesceSpend(
  ctx: LedgerContext,
  workspaceId: string,
  record: DebitRecord<"spend">,
): Promise<LedgerOutcome<SpendResult>> {
  const workspaceLanes = lanesFor(ctx);
  let lane = workspaceLanes.get(workspaceId);
  if (!lane) {
    lane = { busy: false, waiting: [] };
    workspaceLanes.set(workspaceId, lane);
  }
  if (lane.busy) {
    const waitingLane = lane;
    return new Promise((resolve, reject) => waitingLane.waiting.push({ record, resolve, reject }));
  }
  lane.busy = true;
  coalesceStats.alone += 1;
  observeGroupCommit(1);
  try {
    return await track(debitOne<SpendResult>(ctx, workspaceId, record));
  } finally {
    void track(drain(ctx, workspaceId, lane, workspaceLanes));
  }
}

async function drain(
  ctx: LedgerContext,
  workspaceId: string,
  lane: Lane,
  workspaceLanes: Map<string, Lane>,
): Promise<void> {
  try {
    while (lane.waiting.length > 0) {
      const group = lane.waiting.splice(0, MAX_BATCH);
      coalesceStats.batches += 1;
      coalesceStats.batched += group.length;
      observeGroupCommit(group.length);
      try {
        const outcomes = await debitRecords(
          ctx,
          workspaceId,
          group.map((w) => w.record),
        );
        group.forEach((w, i) => w.resolve(outcomes[i] ?? failure("workspace_not_found")));
      } catch (error) {
        for (const w of group) w.reject(error);
      }
    }
  } finally {
    // No await since the loop's last check: nothing can have joined in between.
    lane.busy = false;
    workspaceLanes.delete(workspaceId);
  }
}
