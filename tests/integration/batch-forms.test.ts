// cp_debit_records takes a batch in two forms (db/functions/debit-batch.sql): an array of records (the
// previous release's instances, cp_debit_batch, cp_debit_group) and the lean form Node sends, each
// distinct generation once (leanRecords, lib/ledger/debit-records.ts). Both must read as the same
// records, field for field and in order, and the lean form must turn back into the array for the
// paths that take only that (cp_records_array).
import { randomUUID } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ledgerEntries } from "@/db/schema";
import { leanRecords, type DebitRecord } from "@/lib/ledger/debit-records";
import { fund, makeWorkspace, testContext, testDb } from "../support/db";

const members: string[] = [randomUUID(), randomUUID()];
const apiKeys = [randomUUID(), null];

/** Records that often repeat a generation, for the same member or key or another, with new keys. */
const records = fc.array(
  fc.record({
    member: fc.constantFrom(...members),
    apiKey: fc.constantFrom(...apiKeys),
    feature: fc.constantFrom("image", "video", 'quote"d'),
    model: fc.constantFrom("std", "pro"),
    settings: fc.constantFrom<Record<string, unknown>>({}, { quality: "hd" }, { duration: 5, quality: "é" }),
    results: fc.integer({ min: 1, max: 3 }),
    amount: fc.integer({ min: 1, max: 2 }),
    isPro: fc.boolean(),
    key: fc.uuid(),
  }),
  { minLength: 1, maxLength: 40 },
);

type Generated = typeof records extends fc.Arbitrary<infer T> ? T : never;

/** One generation, for the tests that need a record of a real member. */
const sample: Omit<Generated[number], "member" | "key"> = {
  apiKey: null,
  feature: "image",
  model: "std",
  settings: {},
  results: 1,
  amount: 1,
  isPro: false,
};

function asRecords(generated: Generated): DebitRecord<"spend">[] {
  return generated.map((g) => ({
    kind: "spend",
    ...g,
    // As priceRecords makes it: one hash per generation of a member (its value does not matter here).
    hash: `${g.member}|${g.feature}|${g.model}|${JSON.stringify(g.settings)}|${g.results}`,
    expiresAt: null,
  }));
}

type Row = Record<string, unknown>;

async function read(json: string): Promise<Row[]> {
  const rows = await testDb().execute<Row>(sql`select * from cp_batch_records(${json}::jsonb) order by n`);
  return rows.map((r) => ({ ...r }));
}

describe("a batch's two forms", () => {
  it("read as the same records, in order", async () => {
    await fc.assert(
      fc.asyncProperty(records, async (generated) => {
        const batch = asRecords(generated);
        const lean = leanRecords(batch);
        expect(await read(lean)).toEqual(await read(JSON.stringify(batch)));
        // The lean form sends each generation once.
        const distinct = new Set(batch.map((r) => `${r.hash}|${r.amount}|${r.isPro}|${r.apiKey}`)).size;
        expect((JSON.parse(lean) as { generations: unknown[] }).generations).toHaveLength(distinct);
      }),
      { numRuns: 40 },
    );
  });

  it("turn into the same array of records", async () => {
    await fc.assert(
      fc.asyncProperty(records, async (generated) => {
        const batch = asRecords(generated);
        const [row] = await testDb().execute<{ records: unknown }>(
          sql`select cp_records_array(${leanRecords(batch)}::jsonb) as records`,
        );
        expect(row?.records).toEqual(batch);
        const [same] = await testDb().execute<{ records: unknown }>(
          sql`select cp_records_array(${JSON.stringify(batch)}::jsonb) as records`,
        );
        expect(same?.records).toEqual(batch);
      }),
      { numRuns: 40 },
    );
  });

  it("leave out a record whose generation is missing when read", async () => {
    const lean = JSON.stringify({ generations: [], of: [0], keys: [randomUUID()] });
    expect(await read(lean)).toEqual([]);
  });

  it("refuse a lean batch with a record whose generation is missing as a whole, writing nothing", async () => {
    const ctx = testContext("2026-03-10T12:00:00Z");
    const ws = await makeWorkspace({ members: [{ monthlyLimit: null }] });
    await fund(ctx, ws.workspaceId, 1_000, { type: "top_up" });
    const [first, second] = asRecords([
      { ...sample, member: ws.members[0]!.id, key: randomUUID() },
      { ...sample, member: ws.members[0]!.id, key: randomUUID() },
    ]);
    const lean = JSON.parse(leanRecords([first!, second!])) as { of: number[] };
    for (const of of [[0, 1], [0], [0, 0, 0]]) {
      const broken = JSON.stringify({ ...lean, of });
      await expect(
        testDb().execute(sql`select cp_debit_records(${ws.workspaceId}::uuid, ${broken}::jsonb, now())`),
      ).rejects.toThrow(/generation/);
    }
    const entries = await testDb()
      .select({ id: ledgerEntries.id })
      .from(ledgerEntries)
      .where(and(eq(ledgerEntries.workspaceId, ws.workspaceId), eq(ledgerEntries.code, "spend")));
    expect(entries).toEqual([]);
    // The same batch whole is spent.
    const [row] = await testDb().execute<{ result: { entryIds?: unknown[] } }>(
      sql`select cp_debit_records(${ws.workspaceId}::uuid, ${JSON.stringify(lean)}::jsonb, now()) as result`,
    );
    expect(row?.result.entryIds).toHaveLength(2);
  });
});
