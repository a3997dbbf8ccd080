// cp_debit_records takes a batch in two forms (db/functions/debit-batch.sql): an array of records (the
// previous release's instances, cp_debit_batch, cp_debit_group) and the lean form Node sends, each
// distinct generation once (leanRecords, lib/ledger/debit-records.ts). Both must read as the same
// records, field for field and in order, and the lean form must turn back into the array for the
// paths that take only that (cp_records_array).
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { leanRecords, type DebitRecord } from "@/lib/ledger/debit-records";
import { testDb } from "../support/db";

const members = [randomUUID(), randomUUID()];
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

  it("leave out a record whose generation is missing, so the answer's count gives it away", async () => {
    const lean = JSON.stringify({ generations: [], of: [0], keys: [randomUUID()] });
    expect(await read(lean)).toEqual([]);
  });
});
