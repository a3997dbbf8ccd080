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
});
