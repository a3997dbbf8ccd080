import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { canonicalJson, requestHash } from "@/lib/ledger/request-hash";

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
});
