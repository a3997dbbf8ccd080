// `npm run ledger:verify` passes on the demo data and fails, readably, on a corrupted copy of it.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import postgres from "postgres";
import { afterAll, beforeAll, expect, it } from "vitest";
import { seedDemoData } from "@/lib/demo/seed";
import { scratchDatabases } from "../support/scratch-databases";

const run = promisify(execFile);
const scratch = scratchDatabases("verify");
let url: string;

async function verify(): Promise<{ code: number; output: string }> {
  try {
    const { stdout } = await run("npx", ["tsx", "--conditions=react-server", "scripts/ledger-verify.ts"], {
      env: { ...process.env, DATABASE_URL: url },
    });
    return { code: 0, output: stdout };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, output: failed.stdout + failed.stderr };
  }
}

beforeAll(async () => {
  ({ url } = await scratch.create());
  await seedDemoData(url);
});

afterAll(() => scratch.dropAll());

it("passes on the demo data and fails on a corrupted copy with a readable report", async () => {
  const clean = await verify();
  expect(clean.output).toMatch(/every invariant holds/);
  expect(clean.code).toBe(0);

  const db = postgres(url, { max: 1, onnotice: () => {} });
  try {
    // A lot loses a credit behind the ledger's back, and lifetime spent drifts.
    await db`update credit_lots set amount_remaining = amount_remaining - 1
              where id = (select id from credit_lots where amount_remaining > 0 order by id limit 1)`;
    await db`update credit_accounts set lifetime_spent = lifetime_spent + 5`;
    // Someone forces an edit of an entry (only possible with the append-only trigger off).
    await db.begin(async (tx) => {
      await tx`alter table ledger_entries disable trigger ledger_entries_append_only`;
      await tx`update ledger_entries set amount = amount - 7, split_top_up = split_top_up - 7
                where id = (select max(id) from ledger_entries where code = 'top_up')`;
      await tx`alter table ledger_entries enable trigger ledger_entries_append_only`;
    });
    // The rest of the materialised state drifts too (the rollup trigger guards usage events; off here).
    await db`alter table usage_events disable trigger usage_events_rollup_update`;
    await db`update credit_accounts set held = held + 3`;
    await db`update member_usage set used = used + 2
              where (membership_id, period_start) = (select membership_id, period_start from member_usage limit 1)`;
    await db`update usage_events set credits = credits + 1 where id = (select id from usage_events order by id limit 1)`;
    await db`update credit_lots set amount_expired = amount_expired + 1
              where id = (select id from credit_lots order by id desc limit 1)`;
    // The member-less rollup drifts from usage_daily (Analytics would show the wrong total).
    await db`update usage_daily_totals set credits = credits + 1
              where (workspace_id, day, feature, model) = (select workspace_id, day, feature, model
                                                             from usage_daily_totals order by day limit 1)`;
    // A usage event points at an entry that is not there (the hot tables have no foreign keys).
    await db`update usage_events set ledger_entry_id = -1 where id = (select id from usage_events order by id desc limit 1)`;
    // The database's own CHECKs keep a lot within its grant; drop them in this throwaway copy.
    await db`alter table credit_lots drop constraint credit_lots_remaining_range,
              drop constraint credit_lots_disputed_range`;
    await db`update credit_lots set amount_remaining = amount_granted + 10
              where id = (select id from credit_lots order by id desc limit 1)`;
    // Money that goes back: a debt and a dispute hold that no entry made, a take-back that lost a
    // credit, a repayment drawn from a lot that is not its grant's, a dispute held twice.
    await db`update credit_accounts set debt = debt + 4
              where workspace_id = (select workspace_id from credit_accounts order by workspace_id limit 1)`;
    await db`update credit_lots set amount_disputed = 1 where id = (select id from credit_lots order by id limit 1)`;
    await db`insert into ledger_entries (workspace_id, amount, balance_after, code, owed, reference,
                idempotency_key, request_hash, result, created_at)
              select workspace_id, 0, 0, 'purchase_refund', 3, 're_corrupt', 'corrupt-take-back', 'x',
                     '{"credits": 5, "taken": 0, "owed": 3}', now()
                from credit_lots order by id limit 1`;
    await db`with e as (
               insert into ledger_entries (workspace_id, amount, balance_after, code, owed, split_top_up, reference,
                   idempotency_key, request_hash, created_at)
                 select workspace_id, -1, 0, 'debt_repayment', -1, -1, '0', 'corrupt-repayment', 'x', now()
                   from credit_lots order by id limit 1
                 returning id, workspace_id)
             insert into ledger_allocations (entry_id, lot_id, seq, workspace_id, lot_type, amount)
               select e.id, l.id, 1, e.workspace_id, 'top_up', -1
                 from e join credit_lots l on l.workspace_id = e.workspace_id order by l.id limit 1`;
    await db`insert into ledger_entries (workspace_id, amount, balance_after, code, reference, idempotency_key,
                request_hash, created_at)
              select workspace_id, 0, 0, 'dispute_hold', 'dp_corrupt', 'corrupt-dispute-' || n, 'x', now()
                from (select workspace_id from credit_lots order by id limit 1) w, generate_series(1, 2) n`;
  } finally {
    await db.end();
  }

  const corrupted = await verify();
  expect(corrupted.code).toBe(1);
  expect(corrupted.output).toMatch(/FAILED balance_equals_lots/);
  expect(corrupted.output).toMatch(/FAILED lot_equals_allocations/);
  expect(corrupted.output).toMatch(/FAILED lifetime_figures/);
  expect(corrupted.output).toMatch(/FAILED balance_equals_entries/);
  expect(corrupted.output).toMatch(/FAILED entry_split_matches_allocations/);
  expect(corrupted.output).toMatch(/FAILED running_balance/);
  expect(corrupted.output).toMatch(/FAILED held_equals_active_holds/);
  expect(corrupted.output).toMatch(/FAILED member_usage_matches_entries/);
  expect(corrupted.output).toMatch(/FAILED usage_events_match_spends/);
  expect(corrupted.output).toMatch(/FAILED lot_expired_equals_entries/);
  expect(corrupted.output).toMatch(/FAILED lot_within_grant/);
  expect(corrupted.output).toMatch(/FAILED rows_point_somewhere/);
  expect(corrupted.output).toMatch(/FAILED debt_equals_entries/);
  expect(corrupted.output).toMatch(/FAILED disputed_equals_lots/);
  expect(corrupted.output).toMatch(/FAILED lot_disputed_equals_entries/);
  expect(corrupted.output).toMatch(/FAILED take_back_accounted/);
  expect(corrupted.output).toMatch(/FAILED debt_repaid_from_its_grant/);
  expect(corrupted.output).toMatch(/FAILED dispute_applies_once/);
  expect(corrupted.output).toMatch(/FAILED rollups_add_up/);
  expect(corrupted.output).toMatch(/violation\(s\)/);
});
