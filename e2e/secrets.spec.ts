import { randomBytes } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { testModeWebhookSecret } from "../lib/payments/test-mode-secret";
import { E2E_DATABASE_URL, demoWorkspaceId, e2eDatabase, e2eSessionSecret } from "./database";
import { DEMO, signIn } from "./fixtures";
import { WORKSPACE_BASE, createApiKey, pageRoutes, pageUrls } from "./pages";

// No page, flight (RSC) payload or API response ever carries a secret: the session secret, the
// database URL or password, an API key's hash (or its plaintext after the one time it is shown),
// a webhook signing secret (owners see their own on the Notifications page, by design), the
// test-mode webhook secret, a password hash, or a full card number. Every page in app/ is visited
// as owner, admin and member, and every same-origin response body is read.

type Role = "owner" | "admin" | "member";
type Secret = { label: string; value: string | RegExp; allowed?: (role: Role, url: URL) => boolean };

// The test cards the test-mode checkout page lists for people to type in (lib/payments/test-mode.ts):
// public Stripe test numbers, so that page may show them; no other response may hold one.
const TEST_CARD_NUMBERS = ["4242424242424242", "4000000000000002", "4000000000009995", "4000000000000069"];
const WEBHOOK_SECRET = `whsec_e2e_probe_${randomBytes(18).toString("hex")}`;
const sql = e2eDatabase();
let workspaceId = "";
let secrets: Secret[] = [];
let apiKey = "";

/** Reads every same-origin response body while `visit` runs. */
async function collectBodies(page: Page, origin: string, visit: () => Promise<void>) {
  const reads: Promise<{ url: URL; body: string } | null>[] = [];
  page.on("response", (response) => {
    const url = new URL(response.url());
    if (url.origin !== origin) return;
    reads.push(
      response
        .text()
        .then((body) => ({ url, body }))
        .catch(() => null), // redirects and aborted requests have no body
    );
  });
  await visit();
  return (await Promise.all(reads)).filter((read) => read !== null);
}

function leaks(role: Role, bodies: { url: URL; body: string }[]): string[] {
  const found: string[] = [];
  for (const { url, body } of bodies) {
    for (const secret of secrets) {
      const hit = typeof secret.value === "string" ? body.includes(secret.value) : secret.value.test(body);
      if (hit && !secret.allowed?.(role, url)) found.push(`${secret.label} in ${url.pathname}${url.search}`);
    }
  }
  return found;
}

test.describe.configure({ mode: "serial" });

test.beforeAll(async ({ browser }) => {
  workspaceId = await demoWorkspaceId(sql);
  // A webhook endpoint, so its signing secret is there to leak (removed again afterwards).
  await sql`insert into webhook_endpoints (workspace_id, url, secret, created_at, updated_at, secret_rotated_at)
            values (${workspaceId}, 'http://localhost:59998/secrets-probe', ${WEBHOOK_SECRET}, now(), now(), now())
            on conflict (workspace_id) do update set secret = excluded.secret`;
  // An API key made through the UI: its plaintext is shown once, in the creation response.
  apiKey = await createApiKey(browser, `Secrets probe ${Date.now()}`);

  const sessionSecret = e2eSessionSecret();
  const keyHashes = await sql<{ h: string }[]>`select secret_hash as h from api_keys`;
  const passwordHashes = await sql<
    { h: string }[]
  >`select password_hash as h from users where password_hash is not null`;
  const webhookSecrets = await sql<{ s: string }[]>`select secret as s from webhook_endpoints`;
  const ownersNotifications = (role: Role, url: URL) =>
    role === "owner" && url.pathname === `${WORKSPACE_BASE}/settings/notifications`;
  secrets = [
    { label: "NEXTAUTH_SECRET", value: sessionSecret },
    { label: "the database URL", value: E2E_DATABASE_URL },
    { label: "the database password", value: new URL(E2E_DATABASE_URL).password },
    { label: "the test-mode webhook secret", value: testModeWebhookSecret(sessionSecret) },
    { label: "an API key plaintext", value: apiKey },
    ...keyHashes.map(({ h }) => ({ label: "an API key hash", value: h })),
    ...passwordHashes.map(({ h }) => ({ label: "a password hash", value: h })),
    { label: "a bcrypt hash", value: /\$2[aby]\$\d\d\$/ },
    { label: "an scrypt hash", value: /scrypt\$\d+\$\d+\$\d+\$/ },
    ...webhookSecrets.map(({ s }) => ({
      label: "a webhook signing secret",
      value: s,
      allowed: s === WEBHOOK_SECRET ? ownersNotifications : undefined,
    })),
    ...TEST_CARD_NUMBERS.map((number) => ({
      label: "a full card number",
      value: number,
      allowed: (_role: Role, url: URL) => url.pathname.includes("/settings/billing/test-checkout/"),
    })),
  ];
  expect(keyHashes.length).toBeGreaterThan(0);
  expect(passwordHashes.length).toBeGreaterThan(0);
});

test.afterAll(async () => {
  await sql`delete from webhook_endpoints where secret = ${WEBHOOK_SECRET}`;
  await sql`update api_keys set revoked_at = now() where name like 'Secrets probe %' and revoked_at is null`;
  await sql.end();
});

test("the page list covers every page in app/", async () => {
  expect(Object.keys(await pageUrls(sql, workspaceId)).sort()).toEqual(pageRoutes().sort());
});

for (const role of ["owner", "admin", "member"] as const) {
  test(`no secret reaches the browser on any page, as ${role}`, async ({ page, baseURL }) => {
    test.setTimeout(180_000);
    const urls = Object.values(await pageUrls(sql, workspaceId));
    await signIn(page, DEMO[role].email);
    const bodies = await collectBodies(page, new URL(baseURL!).origin, async () => {
      for (const url of urls) {
        await page.goto(url);
        await page.waitForLoadState("networkidle");
      }
      // Client-side navigation fetches flight (RSC) payloads instead of HTML.
      await page.goto(WORKSPACE_BASE);
      for (const name of ["Transactions", "Analytics", "API keys", "Notifications"]) {
        const link = page.getByRole("navigation", { name: "Workspace" }).getByRole("link", { name });
        if (await link.count()) {
          await link.click();
          await page.waitForLoadState("networkidle");
        }
      }
    });
    expect(bodies.length).toBeGreaterThan(urls.length);
    expect(bodies.some(({ url }) => url.searchParams.has("_rsc"))).toBe(true);
    expect(leaks(role, bodies)).toEqual([]);
  });
}

test("metering API responses and errors carry no secret", async ({ request }) => {
  const bodies: { url: URL; body: string }[] = [];
  const call = async (method: "GET" | "POST", url: string, key: string | null, data?: unknown) => {
    const response = await request.fetch(url, {
      method,
      headers: key ? { authorization: `Bearer ${key}` } : {},
      ...(data === undefined ? {} : { data }),
    });
    bodies.push({ url: new URL(response.url()), body: await response.text() });
    return response.status();
  };
  expect(await call("GET", "/api/v1/balance", apiKey)).toBe(200);
  expect(await call("GET", "/api/v1/balance", null)).toBe(401);
  expect(await call("GET", "/api/v1/balance", `${apiKey}x`)).toBe(401);
  expect(await call("GET", "/api/v1/balance", "cpk_00000000_notakey")).toBe(401);
  expect(
    await call(
      "GET",
      "/api/v1/usage?from=2026-01-01T00:00:00Z&to=2026-02-01T00:00:00Z&groupBy=model",
      apiKey,
    ),
  ).toBe(200);
  expect(await call("POST", "/api/v1/usage", apiKey, { member: "x" })).toBe(400);
  expect(
    await call("POST", "/api/v1/usage", apiKey, {
      idempotencyKey: `secrets-${Date.now()}`,
      member: "nobody@nowhere.test",
      feature: "image",
      model: "standard",
      results: 1,
    }),
  ).toBe(422);
  expect(await call("POST", "/api/v1/holds/not-a-uuid/settle", apiKey, {})).toBeGreaterThanOrEqual(400);
  expect(await call("GET", "/api/v1/openapi.json", null)).toBe(200);
  expect(
    await call("POST", "/api/stripe/webhook", null, { type: "checkout.session.completed" }),
  ).toBeGreaterThanOrEqual(400);
  expect(leaks("owner", bodies)).toEqual([]);
});
