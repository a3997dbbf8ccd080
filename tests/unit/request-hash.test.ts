import { createHash } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { canonicalJson, generationHash, requestHash } from "@/lib/ledger/request-hash";

describe("request hashes", () => {
  it("ignore key order at every level", () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: null } })).toBe(
      '{"a":{"c":null,"d":[1,{"x":1,"y":2}]},"b":1}',
    );
    expect(requestHash("spend", { a: 1, b: { c: 2, d: 3 } })).toBe(
      requestHash("spend", { b: { d: 3, c: 2 }, a: 1 }),
    );
  });

  it("differ for different requests and operations", () => {
    expect(requestHash("spend", { a: 1 })).not.toBe(requestHash("spend", { a: 2 }));
    expect(requestHash("spend", { a: 1 })).not.toBe(requestHash("hold", { a: 1 }));
    expect(requestHash("spend", { a: "1" })).not.toBe(requestHash("spend", { a: 1 }));
  });

  it("treat undefined fields as absent", () => {
    expect(requestHash("grant", { a: 1, b: undefined })).toBe(requestHash("grant", { a: 1 }));
  });

  it("stay what they were: the hashes already in ledgers must keep matching their repeats", () => {
    const request = {
      membershipId: "m",
      feature: "image",
      model: "x",
      settings: { q: "hd", a: 2 },
      results: 3,
    };
    const canonical =
      '{"feature":"image","membershipId":"m","model":"x","results":3,"settings":{"a":2,"q":"hd"}}';
    expect(canonicalJson(request)).toBe(canonical);
    expect(requestHash("spend", request)).toBe(
      createHash("sha256").update("spend").update("\0").update(canonical).digest("hex"),
    );
  });

  // The batch's fast form must be the generic one byte for byte: a repeat of a request hashed before
  // (or by the other path) must match, and two different generations must never share a hash.
  const text = fc.oneof(
    fc.string(),
    fc.string({ unit: "binary" }), // controls, quotes, backslashes, astral and lone surrogates
    fc.constantFrom("image", "imagine-standard", 'a"b', "a\\b", "\u2028", "\ud800", "é", ""),
  );
  const generation = fc.record({
    membershipId: fc.oneof(fc.uuid(), text),
    feature: text,
    model: text,
    settings: fc.dictionary(text, fc.oneof(text, fc.double(), fc.integer(), fc.boolean())),
    results: fc.integer({ min: -5, max: 1_000 }),
  });

  // The canonical form as first written (JSON.stringify for every string), to hash against.
  const reference = (value: unknown): string => {
    if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "null";
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record)
      .sort()
      .filter((key) => record[key] !== undefined);
    return `{${keys.map((key) => `${JSON.stringify(key)}:${reference(record[key])}`).join(",")}}`;
  };

  it("for a spend or hold, generationHash is requestHash of the same five fields", () => {
    fc.assert(
      fc.property(fc.constantFrom("spend", "hold"), generation, (kind, g) => {
        const expected = createHash("sha256")
          .update(`${kind}\0${reference(g)}`)
          .digest("hex");
        expect(requestHash(kind, g)).toBe(expected);
        expect(generationHash(kind, g)).toBe(requestHash(kind, g));
        expect(generationHash(kind, g, canonicalJson(g.settings))).toBe(requestHash(kind, g));
      }),
      { numRuns: 2_000 },
    );
  });

  it("generationHash differs whenever the generations differ", () => {
    fc.assert(
      fc.property(generation, generation, (a, b) => {
        fc.pre(canonicalJson(a) !== canonicalJson(b));
        expect(generationHash("spend", a)).not.toBe(generationHash("spend", b));
      }),
      { numRuns: 1_000 },
    );
    const base = { membershipId: "m", feature: "image", model: "x", settings: {}, results: 1 };
    expect(generationHash("spend", base)).not.toBe(generationHash("hold", base));
    expect(generationHash("spend", base)).not.toBe(generationHash("spend", { ...base, feature: 'image"' }));
    expect(generationHash("spend", { ...base, settings: { q: "1" } })).not.toBe(
      generationHash("spend", { ...base, settings: { q: 1 } }),
    );
  });

  it("takes the generic path for a field left undefined", () => {
    const partial = { membershipId: "m", feature: "image", model: "x", results: 1 };
    expect(generationHash("spend", { ...partial, settings: undefined as never })).toBe(
      requestHash("spend", partial),
    );
  });
});
