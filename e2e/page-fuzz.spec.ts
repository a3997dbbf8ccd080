import { existsSync, readFileSync, statSync } from "node:fs";
import fc from "fast-check";
import { expect, test, type Browser } from "@playwright/test";
import { E2E_SERVER_LOG } from "../playwright.config";
import { FUZZ_RUNS, hostileQuery } from "../tests/support/fuzz";
import { demoWorkspaceId, e2eDatabase } from "./database";
import { DEMO, signIn } from "./fixtures";
import { createApiKey, getRouteHandlers, pageRoutes, pageUrls, demoReceiptId } from "./pages";

// Hostile query strings (tests/support/fuzz.ts: dates of every shape, huge numbers, arrays and
// repeated keys, unicode and broken escapes, values of kilobytes) sent to every page and every GET
// route handler, as the owner, as a member and signed out. Every response is a page, a redirect or
// a 4xx, never a 5xx; each one comes within RESPONSE_BUDGET_MS; the server logs no error meanwhile;
// and none of it writes. FUZZ_SEED replays a run, FUZZ_RUNS sends more.

/** How many query strings each URL gets per role: 30 by default (FUZZ_RUNS is 100). */
const RUNS = Math.max(1, Math.round((FUZZ_RUNS * 3) / 10));
const SEED = Number(process.env.FUZZ_SEED ?? 15_2026);
/**
 * Requests in flight at once. More than the machine's two cores would only queue in the server, and
 * a response's time would then measure the fuzz's own queue rather than the page.
 */
const CONCURRENCY = 2;
const RESPONSE_BUDGET_MS = 2_000;
/** What the default run sends at the least (with the API and action fuzz: 5,000 or more). */
const DEFAULT_FLOOR = 3_000;

const STREAMED_ERROR = /data-dgst="(\d+)"/;

/** Lines next-server, next-auth and our own loggers print for an error. */
const ERROR_LINE =
  /⨯|\bError:|unhandled ?rejection|uncaught|\[next-auth\]\[error\]|\bapi error\b|webhook error|scheduler: .*Error/i;

/** The query parameters each route reads (the others get tests/support/fuzz.ts's KNOWN_PARAMS). */
const ANALYTICS = ["range", "from", "to", "member", "model", "feature", "stack", "sort", "dir"];
const TRANSACTIONS = ["type", "member", "from", "to", "cursor"];
const INVOICES = ["kind", "status", "from", "to", "page"];
const ROUTE_PARAMS: Record<string, string[]> = {
  "/sign-in": ["callbackUrl", "error", "check-email"],
  "/sign-up": ["callbackUrl"],
  "/w/[slug]/analytics": ANALYTICS,
  "/w/[slug]/usage": [...ANALYTICS, "cursor", "request"],
  "/w/[slug]/transactions": TRANSACTIONS,
  "/w/[slug]/settings/audit-log": ["action", "actor", "from", "to", "cursor"],
  "/w/[slug]/settings/billing": ["purchase", "buy"],
  "/w/[slug]/settings/billing/invoices": INVOICES,
  "/api/workspaces/[workspaceId]/invoices/export": INVOICES,
  "/api/workspaces/[workspaceId]/receipts/[receiptId]/pdf": ["compress"],
  "/w/[slug]/settings/members": ["view", "q", "sort", "dir", "request"],
  "/api/auth/[...nextauth]": ["callbackUrl", "error"],
  "/api/v1/balance": ["member"],
  "/api/v1/usage": ["from", "to", "groupBy", "member"],
  "/api/workspaces/[workspaceId]/analytics/export": ANALYTICS,
  "/api/workspaces/[workspaceId]/transactions/export": TRANSACTIONS,
};

type Role = "owner" | "member" | "visitor";
const sql = e2eDatabase();
let workspaceId = "";
let apiKey = "";
let receiptId = "";

/** The URLs of each GET route handler; the metering API's (under /api/v1) are called with a key. */
function handlerUrls(): Record<string, string[]> {
  const w = `/api/workspaces/${workspaceId}`;
  return {
    "/api/auth/[...nextauth]": [
      "/api/auth/session",
      "/api/auth/csrf",
      "/api/auth/providers",
      "/api/auth/signin",
      "/api/auth/error",
    ],
    "/api/v1/balance": ["/api/v1/balance"],
    "/api/v1/usage": ["/api/v1/usage"],
    "/api/v1/openapi.json": ["/api/v1/openapi.json"],
    // The API's 404 for a path it does not have.
    "/api/v1/[[...path]]": ["/api/v1", "/api/v1/no/such/path"],
    "/api/health/live": ["/api/health/live"],
    "/api/health/ready": ["/api/health/ready"],
    // Off in the e2e server (no METRICS_TOKEN): 404 for everyone.
    "/api/metrics": ["/api/metrics"],
    "/api/workspaces/[workspaceId]/analytics/export": [`${w}/analytics/export`],
    "/api/workspaces/[workspaceId]/credits": [`${w}/credits`],
    "/api/workspaces/[workspaceId]/credits-left": [`${w}/credits-left`],
    "/api/workspaces/[workspaceId]/notifications": [`${w}/notifications`],
    "/api/workspaces/[workspaceId]/transactions/export": [`${w}/transactions/export`],
    "/api/workspaces/[workspaceId]/invoices/export": [`${w}/invoices/export`],
    "/api/workspaces/[workspaceId]/receipts/[receiptId]/pdf": [
      `${w}/receipts/${receiptId}/pdf`,
      `${w}/receipts/in_test_local_1/pdf`,
      `${w}/receipts/not-a-receipt/pdf`,
    ],
  };
}

async function fuzzedUrls(): Promise<Record<string, string[]>> {
  const pages = Object.entries(await pageUrls(sql, workspaceId)).map(([route, url]) => [route, [url]]);
  return { ...Object.fromEntries(pages), ...handlerUrls() };
}

/**
 * Rows only a person's request writes (the scheduler's cycles may add grants and expiries to the
 * ledger at any minute, so those codes are left out), to show the fuzz wrote nothing.
 */
async function writesDigest(): Promise<string> {
  const [row] = await sql`
    select (select count(*) from users) as users,
           (select count(*) from workspaces) as workspaces,
           (select count(*) from memberships) as memberships,
           (select count(*) from invitations) as invitations,
           (select count(*) from api_keys where revoked_at is null) as api_keys,
           (select count(*) from audit_events) as audit_events,
           (select count(*) from webhook_endpoints) as webhook_endpoints,
           (select count(*) from notification_preferences) as notification_preferences,
           (select count(*) from holds) as holds,
           (select count(*) from ledger_entries where code in ('spend', 'hold', 'release', 'refund', 'adjustment', 'top_up')) as ledger`;
  return JSON.stringify(row);
}

/** The server log's size now, so a check reads only what was printed after. */
function logSize(): number {
  expect(existsSync(E2E_SERVER_LOG), `${E2E_SERVER_LOG} (written by scripts/with-db.ts --log)`).toBe(true);
  return statSync(E2E_SERVER_LOG).size;
}

function errorLinesSince(offset: number): string[] {
  return readFileSync(E2E_SERVER_LOG)
    .subarray(offset)
    .toString("utf8")
    .split("\n")
    .filter((line) => ERROR_LINE.test(line));
}

/** The Cookie header of a signed-in session (empty when signed out). */
async function sessionCookie(browser: Browser, email: string | null): Promise<string> {
  if (!email) return "";
  const context = await browser.newContext();
  await signIn(await context.newPage(), email);
  const cookies = await context.cookies();
  await context.close();
  return cookies.map(({ name, value }) => `${name}=${value}`).join("; ");
}

type Outcome = { status: number; ms: number; problem?: string };

/**
 * One GET, timed to its last byte, with Node's fetch: it takes the URL as written (broken escapes
 * and all) and tells when the headers came. A download (a streamed CSV export) is timed to its
 * headers: it runs as long as the ledger is, and must only start in time and finish unbroken.
 */
async function send(url: URL, headers: Record<string, string>): Promise<Outcome> {
  const started = performance.now();
  try {
    const response = await fetch(url, { headers, redirect: "manual", signal: AbortSignal.timeout(60_000) });
    const headersMs = performance.now() - started;
    const body = await response.text();
    const isDownload = /attachment/.test(response.headers.get("content-disposition") ?? "");
    const ms = isDownload ? headersMs : performance.now() - started;
    // A page under a loading.tsx has sent its 200 when it fails: Next.js then streams the error's
    // digest (a number; notFound() and redirect() have words there instead).
    const digest = STREAMED_ERROR.exec(body)?.[1];
    return {
      status: response.status,
      ms,
      problem: digest ? `a server error (digest ${digest}) after its 200` : undefined,
    };
  } catch (error) {
    return { status: 0, ms: performance.now() - started, problem: `no answer: ${String(error)}` };
  }
}

function hashCode(text: string): number {
  return [...text].reduce((hash, char) => (hash * 31 + char.charCodeAt(0)) | 0, 0);
}

/** Runs `work` over `items`, CONCURRENCY at a time. */
async function pool<T>(items: T[], work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
}

test.describe.configure({ mode: "serial" });

test.beforeAll(async ({ browser }) => {
  workspaceId = await demoWorkspaceId(sql);
  receiptId = await demoReceiptId(sql, workspaceId);
  apiKey = await createApiKey(browser, `Page fuzz ${Date.now()}`);
});

test.afterAll(async () => {
  await sql`update api_keys set revoked_at = now() where name like 'Page fuzz %' and revoked_at is null`;
  await sql.end();
});

test("the fuzz covers every page.tsx and every route.ts that answers GET", async () => {
  expect(Object.keys(await fuzzedUrls()).sort()).toEqual([...pageRoutes(), ...getRouteHandlers()].sort());
});

// Found by this fuzz: next-auth answered a callbackUrl it could not read, on every /api/auth/* path,
// and a non-ASCII `error` on /api/auth/error, with a 500 and an error in the log
// (lib/auth/auth-query.ts now drops them first).
test("a callbackUrl or error next-auth can't take is dropped, not a 500", async ({ request }) => {
  const logOffset = logSize();
  for (const url of [
    "/api/auth/providers?callbackUrl=1e309",
    "/api/auth/session?callbackUrl=..%2F..%2Fetc%2Fpasswd",
    "/api/auth/signin?callbackUrl=%E1%BB%9E%DC%8D&callbackUrl=%2Fw",
    "/api/auth/error?error=%E2%80%AEgnp.exe",
    "/api/auth/error?error=%00",
    "/api/auth/error/%E2%80%AE",
  ]) {
    const response = await request.get(url, { maxRedirects: 0 });
    expect(response.status(), url).toBeLessThan(400);
  }
  expect(errorLinesSince(logOffset)).toEqual([]);
});

test("hostile query strings get a page, a redirect or a 4xx, quickly, with no server error", async ({
  browser,
  baseURL,
}) => {
  const routes = await fuzzedUrls();
  const roles: [Role, string | null][] = [
    ["owner", DEMO.owner.email],
    ["member", DEMO.member.email],
    ["visitor", null],
  ];
  const cookies = Object.fromEntries(
    await Promise.all(roles.map(async ([role, email]) => [role, await sessionCookie(browser, email)])),
  ) as Record<Role, string>;

  // Each route gets its own stream of cases from the seed (by its name: its URL holds the demo
  // workspace's id, new on every run), so adding a page leaves the others' cases alone.
  const cases = Object.entries(routes).flatMap(([route, urls]) =>
    urls.flatMap((url, i) =>
      fc
        .sample(hostileQuery(ROUTE_PARAMS[route]), { seed: SEED + hashCode(`${route} ${i}`), numRuns: RUNS })
        .flatMap((query) => roles.map(([role]) => ({ role, url: `${url}?${query}` }))),
    ),
  );
  test.setTimeout(120_000 + cases.length * 150);
  console.log(`page fuzz: seed ${SEED}, ${cases.length} requests (FUZZ_SEED=${SEED} replays them)`);

  const digest = await writesDigest();
  const logOffset = logSize();
  const failures: string[] = [];
  const times: number[] = [];
  let sent = 0;
  const started = performance.now();
  await pool(cases, async ({ role, url }) => {
    const headers: Record<string, string> = cookies[role] ? { cookie: cookies[role] } : {};
    if (url.startsWith("/api/v1/") && role !== "visitor") headers.authorization = `Bearer ${apiKey}`;
    const { status, ms, problem } = await send(new URL(url, baseURL), headers);
    sent += 1;
    times.push(ms);
    const shown = url.length > 300 ? `${url.slice(0, 300)}… (${url.length} chars)` : url;
    if (problem) failures.push(`${problem} as ${role}: ${shown}`);
    if (status >= 500) failures.push(`${status} as ${role}: ${shown}`);
    if (ms >= RESPONSE_BUDGET_MS) failures.push(`${Math.round(ms)} ms as ${role}: ${shown}`);
  });
  const seconds = (performance.now() - started) / 1000;
  const at = (share: number) =>
    Math.round(times.sort((a, b) => a - b)[Math.floor(share * (times.length - 1))]!);
  console.log(
    `page fuzz: ${sent} requests in ${seconds.toFixed(1)} s (response times: median ${at(0.5)} ms, ` +
      `95th percentile ${at(0.95)} ms, slowest ${at(1)} ms), ${failures.length} failures`,
  );

  expect.soft(failures, `seed ${SEED}`).toEqual([]);
  expect.soft(errorLinesSince(logOffset), `server log (${E2E_SERVER_LOG}), seed ${SEED}`).toEqual([]);
  expect(await writesDigest()).toBe(digest);
  expect(sent).toBe(cases.length);
  if (!process.env.FUZZ_RUNS) expect(sent).toBeGreaterThanOrEqual(DEFAULT_FLOOR);
});
