// Nesting limits for request bodies and action inputs (lib/validation/depth.ts).
import { expect, it } from "vitest";
import { jsonTextTooDeep, MAX_JSON_DEPTH, valueTooDeep } from "@/lib/validation/depth";

const nested = (levels: number) => "[".repeat(levels) + "]".repeat(levels);

it("measures JSON text without parsing it, and ignores brackets inside strings", () => {
  expect(jsonTextTooDeep(nested(MAX_JSON_DEPTH))).toBe(false);
  expect(jsonTextTooDeep(nested(MAX_JSON_DEPTH + 1))).toBe(true);
  expect(jsonTextTooDeep(`{"a":"${"[".repeat(1_000)}"}`)).toBe(false);
  expect(jsonTextTooDeep(`{"a":"\\"${"{".repeat(100)}"}`)).toBe(false);
  expect(jsonTextTooDeep(`{"a":"\\\\"}${"[".repeat(40)}`)).toBe(true);
  // The body that once overflowed the stack: 2,800 levels.
  expect(jsonTextTooDeep(`{"settings":${'{"a":'.repeat(2_800)}1${"}".repeat(2_800)}}`)).toBe(true);
});

it("measures values without recursion, however deep", () => {
  let deep: unknown = 1;
  for (let i = 0; i < 100_000; i += 1) deep = { a: deep };
  expect(valueTooDeep(deep)).toBe(true);
  expect(valueTooDeep({ a: [{ b: { c: [1, 2, 3] } }] })).toBe(false);
  expect(valueTooDeep(JSON.parse(nested(MAX_JSON_DEPTH)))).toBe(false);
  expect(valueTooDeep(JSON.parse(nested(MAX_JSON_DEPTH + 1)))).toBe(true);
  expect(valueTooDeep("text")).toBe(false);
  expect(valueTooDeep(null)).toBe(false);
});
