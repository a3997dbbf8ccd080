// Hostile values shared by the fuzz tests of the metering API and of the server actions.
import fc from "fast-check";

/**
 * How many cases each property runs (FUZZ_RUNS raises it for a deeper run). With the page fuzz
 * (e2e/page-fuzz.spec.ts), the default sends over 5,000 hostile requests in `npm test`.
 */
export const FUZZ_RUNS = Number(process.env.FUZZ_RUNS ?? 100);

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

// Hostile query strings, for the GET routes here and for every page in e2e/page-fuzz.spec.ts. They
// are built already encoded, so they can carry what encodeURIComponent refuses to make (a lone
// surrogate's bytes, malformed escapes), and stay under MAX_QUERY_LENGTH: Node refuses a request
// whose headers, the URL among them, pass 16 KB before any app code runs.
export const MAX_QUERY_LENGTH = 8_000;

/** Every query parameter a page or GET route reads, and some they might one day. */
export const KNOWN_PARAMS = [
  "range",
  "from",
  "to",
  "member",
  "model",
  "feature",
  "stack",
  "sort",
  "dir",
  "type",
  "cursor",
  "action",
  "actor",
  "purchase",
  "view",
  "q",
  "callbackUrl",
  "error",
  "check-email",
  "groupBy",
  "page",
  "tab",
  "limit",
  "token",
  "request",
] as const;

const DATES = [
  "0000-01-01",
  "9999-12-31",
  "+010000-01-01",
  "-000001-01-01",
  "-271821-04-20T00:00:00Z",
  "+275760-09-13T00:00:00.001Z",
  "1999-12-31",
  "2101-01-01",
  "2026-02-30",
  "2026-13-01",
  "2026-00-10",
  "2026-1-1",
  "2026-01-01T00:00:00+16:00",
  "2026-01-01T00:00:00-16:00",
  "2026-01-01T00:00:00+99:99",
  "2026-01-01T25:61:61Z",
  "2026-01-01T00:00:00Zgarbage",
  "2026-01-01T00:00:00.000000001Z",
  "2026-03-29T02:30", // the spring-forward gap in Europe/Berlin (the demo workspace's zone)
  "2026-10-25T02:30", // the autumn overlap
  "2026-03-08T02:30:00[America/New_York]",
  "2026-W01",
  "2026-001",
  "1e10",
  "now",
  "today",
  "yesterday",
  "Invalid Date",
];

const NUMBERS = [
  "0",
  "-0",
  "-1",
  "0.5",
  "1e308",
  "1e309",
  "-1e309",
  "NaN",
  "Infinity",
  "-Infinity",
  "0x1F",
  "1_000",
  "9007199254740991",
  "9007199254740993",
  "18446744073709551616",
  "9".repeat(400),
];

/** Already-encoded values that no encoder makes: bytes of lone surrogates, NUL, bad escapes. */
const RAW_VALUES = [
  "%ED%A0%80", // U+D800, a lone high surrogate, as (invalid) UTF-8
  "%ED%B0%80", // a lone low surrogate
  "%00",
  "a%00b",
  "%FF%FE",
  "%C0%AF", // an overlong "/"
  "%",
  "%zz",
  "%E2%80%AE", // right-to-left override
  "%E2%80%8F%D9%85%D8%B1%D8%AD%D8%A8%D8%A7", // RTL mark and Arabic
  "..%2F..%2Fetc%2Fpasswd",
  "%0D%0ASet-Cookie:%20x=1",
  "javascript:alert(1)",
  "%2F%2Fevil.example",
];

const encodable = hostileString.filter((s) => s.length < 2_000 && !/\p{Cs}/u.test(s)).map(encodeURIComponent);

/** One hostile value, encoded for a query string. */
export const hostileQueryValue: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...DATES).map(encodeURIComponent),
  fc
    .tuple(fc.integer({ min: -99_999, max: 99_999 }), fc.nat(15), fc.nat(40))
    .map(([y, m, d]) => `${y}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`),
  fc.date({ noInvalidDate: true }).map((d) => encodeURIComponent(d.toISOString())),
  fc.constantFrom(...NUMBERS),
  fc.oneof(fc.double(), fc.bigInt(), fc.integer()).map((n) => encodeURIComponent(String(n))),
  fc.constantFrom(...RAW_VALUES),
  encodable,
  fc.uuid(),
  fc.string({ maxLength: 60, unit: "grapheme" }).map(encodeURIComponent),
  fc
    .tuple(fc.integer({ min: 150, max: 7_000 }), fc.constantFrom("x", "9", "%F0%9F%A7%A8", "%ED%A0%80"))
    .map(([n, unit]) => unit.repeat(Math.ceil(n / unit.length))),
);

/** Mostly the names a route reads (`names`), sometimes any known one, now and then a random one. */
function paramKey(names: readonly string[]) {
  const name = fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...names) },
    { weight: 2, arbitrary: fc.constantFrom(...KNOWN_PARAMS) },
    { weight: 1, arbitrary: fc.constantFrom("__proto__", "constructor", "_rsc", "", "%00", "%ED%A0%80") },
    { weight: 1, arbitrary: fc.string({ minLength: 1, maxLength: 12 }).map(encodeURIComponent) },
  );
  // As a single key, or as a PHP/Rails-style array or object key.
  return fc
    .tuple(name, fc.constantFrom("", "", "", "[]", "[0]", "[a][b]", "%5B%5D"))
    .map(([key, suffix]) => `${key}${suffix}`);
}

/**
 * A whole hostile query string (without the "?"), at most MAX_QUERY_LENGTH characters: pairs, the
 * same key two to four times (`a=1&a=2`), bare keys and keys with no value. `names` are the
 * parameters the route reads, so most cases reach its parsing.
 */
export function hostileQuery(names: readonly string[] = KNOWN_PARAMS): fc.Arbitrary<string> {
  const key = paramKey(names);
  const pair = fc.tuple(key, hostileQueryValue).map(([k, value]) => `${k}=${value}`);
  const repeated = fc
    .tuple(key, fc.array(hostileQueryValue, { minLength: 2, maxLength: 4 }))
    .map(([k, values]) => values.map((value) => `${k}=${value}`).join("&"));
  const bare = key.chain((k) => fc.constantFrom(k, `${k}=`, `=${k}`, "&&", "="));
  return fc
    .array(fc.oneof({ weight: 4, arbitrary: pair }, repeated, bare), { minLength: 1, maxLength: 6 })
    .map((parts) => parts.join("&").slice(0, MAX_QUERY_LENGTH));
}
