import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { priceRecord, priceRecords, type DebitRequest } from "@/lib/ledger/debit-records";
import { rates } from "../support/rate-fixtures";

// A batch prices each distinct generation once: the answer for every record must be what pricing it
// alone gives, whatever repeats, near-repeats and failures the batch mixes.
describe("priceRecords", () => {
  const request = fc.record({
    idempotencyKey: fc.uuid(),
    membershipId: fc.constantFrom("m1", "m2"),
    apiKeyId: fc.constantFrom(null, "k1", "k2"),
    feature: fc.constantFrom("image", "video", "audio", 'image"'),
    model: fc.constantFrom("std", "pro", "x"),
    settings: fc.constantFrom<Record<string, string | number>>(
      {},
      { quality: "hd" },
      { duration: "5" },
      { duration: 5 },
      { duration: "10", quality: "hd" },
    ),
    // Few values, so a batch often repeats a generation, for the same member or another.
    results: fc.integer({ min: 1, max: 3 }),
  });

  it("answers each record as priceRecord does, in order", () => {
    fc.assert(
      fc.property(fc.array(request, { maxLength: 60 }), (requests: DebitRequest[]) => {
        expect(priceRecords(rates, "spend", requests)).toEqual(
          requests.map((r) => priceRecord(rates, "spend", r)),
        );
      }),
      { numRuns: 300 },
    );
  });

  it("does not let one record's price stand for another's", () => {
    const base = { idempotencyKey: "k", membershipId: "m1", apiKeyId: null, feature: "image", model: "std" };
    const [one, four, hd] = priceRecords(rates, "spend", [
      { ...base, settings: {}, results: 1 },
      { ...base, settings: {}, results: 4 },
      { ...base, settings: { quality: "hd" }, results: 1 },
    ]);
    expect(one).toMatchObject({ ok: true, data: { amount: 24 } });
    expect(four).toMatchObject({ ok: true, data: { amount: 96 } });
    expect(hd).toMatchObject({ ok: true, data: { amount: 36 } });
  });
});
