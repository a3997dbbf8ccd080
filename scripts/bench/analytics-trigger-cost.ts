// Part of npm run bench:analytics: what the usage rollup trigger adds to the spend path. Spends (one
// client, then 8) and batches run with the trigger and with it disabled, alternating, twice, and
// the best of each is printed.
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import type { Database } from "../../db";
import { createUser } from "../../db/queries/users";
import { systemClock } from "../../lib/clock";
import { spend, spendBatch } from "../../lib/ledger";
import { enterpriseWorkspace, fund } from "./support";

export async function measureRollupTriggerCost(db: Database, timeZone: string) {
  const owner = await createUser(db, { email: `trigger-${randomUUID()}@bench.test`, name: "Trigger" });
  const { workspace, owner: membership } = await enterpriseWorkspace(db, {
    ownerUserId: owner.id,
    label: "Trigger cost",
    timeZone,
  });
  await fund(db, workspace.id, 1_000_000_000_000);
  const ctx = { db, clock: systemClock };
  const one = () =>
    spend(ctx, {
      workspaceId: workspace.id,
      membershipId: membership.id,
      feature: "image",
      model: "imagine-standard",
      results: 1,
      idempotencyKey: randomUUID(),
    });
  const spends = async (count: number, clients: number) => {
    const t0 = performance.now();
    let left = count;
    await Promise.all(
      Array.from({ length: clients }, async () => {
        while (left > 0) {
          left -= 1;
          await one();
        }
      }),
    );
    return performance.now() - t0;
  };
  const batches = async () => {
    const t0 = performance.now();
    for (let b = 0; b < 10; b += 1) {
      await spendBatch(
        ctx,
        workspace.id,
        Array.from({ length: 500 }, () => ({
          membershipId: membership.id,
          feature: "image",
          model: "imagine-standard",
          results: 1,
          idempotencyKey: randomUUID(),
        })),
      );
    }
    return performance.now() - t0;
  };
  await spends(500, 1); // warm up
  const rows: Record<string, string>[] = [];
  for (const [label, run] of [
    ["5,000 spends, 1 client", () => spends(5_000, 1)],
    ["5,000 spends, 8 clients", () => spends(5_000, 8)],
    ["10 batches of 500", batches],
  ] as const) {
    // Alternate with and without, twice, and keep the best of each: other work on the machine
    // then inflates both sides alike instead of one.
    let without = Infinity;
    let withTrigger = Infinity;
    for (let round = 0; round < 2; round += 1) {
      await db.execute(sql`alter table usage_events disable trigger usage_events_rollup_insert`);
      without = Math.min(without, await run());
      await db.execute(sql`alter table usage_events enable trigger usage_events_rollup_insert`);
      withTrigger = Math.min(withTrigger, await run());
    }
    rows.push({
      case: label,
      "without trigger (s)": (without / 1000).toFixed(2),
      "with trigger (s)": (withTrigger / 1000).toFixed(2),
      "per op without (ms)": (without / (label.startsWith("10") ? 10 : 5_000)).toFixed(3),
      "per op with (ms)": (withTrigger / (label.startsWith("10") ? 10 : 5_000)).toFixed(3),
      overhead: `${(((withTrigger - without) / without) * 100).toFixed(1)}%`,
    });
  }
  // The trigger was off for some spends: rebuild so the check below still holds.
  await db.execute(sql`select cp_usage_daily_rebuild(${workspace.id}::uuid)`);
  console.table(rows);
}
