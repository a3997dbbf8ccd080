// Hostile values shared by the fuzz tests of the metering API and of the server actions.
import fc from "fast-check";

/** How many cases each property runs (FUZZ_RUNS raises it for a deeper run). */
export const FUZZ_RUNS = Number(process.env.FUZZ_RUNS ?? 60);

export const hostileString = fc.oneof(
  fc.constant(""),
  fc.constant("<script>alert(1)</script>"),
  fc.constant('"><img src=x onerror=alert(1)>'),
  fc.constant("'; DROP TABLE ledger_entries; --"),
  fc.constant("\u0000"),
  fc.constant("a\u0000b"),
  // A lone surrogate: not valid UTF-16, so it can't be stored as it was sent.
  fc.constant("name \ud800"),
  fc.constant("\u202egnp.exe"),
  fc.constant("Ze\u0301\u0301\u0301ro"),
  fc.constant("🧨".repeat(300)),
  fc.constant("x".repeat(100_000)),
  fc.string({ maxLength: 400, unit: "grapheme" }),
);

export const hostileNumber = fc.oneof(
  fc.constantFrom(0, -1, -0.5, 0.5, 1.5, 1e300, -1e300, Number.MAX_SAFE_INTEGER + 2, 2 ** 63),
  fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY),
  fc.double({ noNaN: false }),
  fc.integer({ min: -1_000_000, max: 1_000_000 }),
);

export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  hostileString,
  hostileNumber,
  fc.constantFrom(null, undefined, true, false, [], {}, [1, 2], { $ne: 1 }, "1000"),
);
