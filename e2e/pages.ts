import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { expect, type Browser, type Page, type Route } from "@playwright/test";
import type { e2eDatabase } from "./database";
import { DEMO, signIn } from "./fixtures";

// Every page of the app, by who may see it, and the checks run on each of them. Shared by
// accessibility.spec.ts (light), dark-mode.spec.ts, secrets.spec.ts and page-fuzz.spec.ts, so a new
// page is added in one place.
export const WORKSPACE_BASE = `/w/${DEMO.workspace.slug}`;
const base = WORKSPACE_BASE;

/** Every route in app/ with a file named `file` ("/w/[slug]/settings/billing", …). */
function appRoutes(file: string, dir = "app"): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return appRoutes(file, full);
    if (name !== file) return [];
    const segments = path
      .relative("app", dir)
      .split(path.sep)
      .filter((s) => s && !/^\(.*\)$/.test(s));
    return [`/${segments.join("/")}`];
  });
}

/** Every page route in app/, from the page.tsx files. */
export function pageRoutes(): string[] {
  return appRoutes("page.tsx");
}

/** Every route in app/ whose route.ts answers GET ("/api/v1/balance", …). */
export function getRouteHandlers(): string[] {
  return appRoutes("route.ts").filter((route) =>
    /export (const|async function|function) GET\b|as GET\b/.test(
      readFileSync(path.join("app", ...route.split("/"), "route.ts"), "utf8"),
    ),
  );
}

/**
 * A receipt of the demo workspace: a paid credit purchase's, else its plan's latest invoice (the
 * test-mode stand-in's in_test_local_<monthly grant entry>; the demo's plan is billed monthly).
 */
export async function demoReceiptId(
  sql: ReturnType<typeof e2eDatabase>,
  workspaceId: string,
): Promise<string> {
  const [paid] = await sql<{ id: string }[]>`
    select id from credit_purchases where workspace_id = ${workspaceId} and status = 'paid'
     order by paid_at, id limit 1`;
  if (paid) return paid.id;
  const [grant] = await sql<{ id: string }[]>`
    select id::text from ledger_entries
     where workspace_id = ${workspaceId} and code = 'grant_subscription' and reference ~ '^[a-z]+:[0-9]{4}-'
     order by id desc limit 1`;
  return grant ? `in_test_local_${grant.id}` : "00000000-0000-4000-8000-000000000000";
}

/** A URL to visit for each page route, with ids from the demo data where the route takes one. */
export async function pageUrls(
  sql: ReturnType<typeof e2eDatabase>,
  workspaceId: string,
): Promise<Record<string, string>> {
  const [checkout] = await sql<{ id: string }[]>`
    select checkout_session_id as id from credit_purchases
     where workspace_id = ${workspaceId} and checkout_session_id is not null limit 1`;
  const [attempt] = await sql<{ id: string }[]>`
    select id from credit_purchases where workspace_id = ${workspaceId} and kind = 'auto_top_up' limit 1`;
  const receipt = await demoReceiptId(sql, workspaceId);
  const w = WORKSPACE_BASE;
  return {
    "/": "/",
    "/account": "/account",
    "/sign-in": "/sign-in",
    "/sign-up": "/sign-up",
    "/pricing": "/pricing",
    "/docs/api": "/docs/api",
    "/invite/[token]": `/invite/${"x".repeat(43)}`,
    "/w/[slug]": w,
    "/w/[slug]/[...rest]": `${w}/no-such-page`,
    "/w/[slug]/analytics": `${w}/analytics`,
    "/w/[slug]/transactions": `${w}/transactions`,
    "/w/[slug]/usage": `${w}/usage`,
    "/w/[slug]/settings/general": `${w}/settings/general`,
    "/w/[slug]/settings/members": `${w}/settings/members`,
    "/w/[slug]/settings/audit-log": `${w}/settings/audit-log`,
    "/w/[slug]/settings/billing": `${w}/settings/billing`,
    "/w/[slug]/settings/billing/test-portal": `${w}/settings/billing/test-portal`,
    "/w/[slug]/settings/billing/test-checkout/[sessionId]": `${w}/settings/billing/test-checkout/${checkout?.id ?? "cs_test_local_none"}`,
    "/w/[slug]/settings/billing/auto-top-up/[purchaseId]": `${w}/settings/billing/auto-top-up/${attempt?.id ?? "00000000-0000-4000-8000-000000000000"}`,
    "/w/[slug]/settings/billing/invoices": `${w}/settings/billing/invoices`,
    "/w/[slug]/settings/billing/receipts/[receiptId]": `${w}/settings/billing/receipts/${receipt}`,
    "/w/[slug]/settings/plan": `${w}/settings/plan`,
    "/w/[slug]/settings/api-keys": `${w}/settings/api-keys`,
    "/w/[slug]/settings/notifications": `${w}/settings/notifications`,
    "/w/[slug]/settings/notifications/email-outbox": `${w}/settings/notifications/email-outbox`,
  };
}

/** A metering API key for the demo workspace, made by its owner on the API keys page. */
export async function createApiKey(browser: Browser, name: string): Promise<string> {
  const page = await browser.newPage();
  await signIn(page, DEMO.owner.email);
  await page.goto(`${WORKSPACE_BASE}/settings/api-keys`);
  await page.getByRole("button", { name: "Create API key" }).click();
  const dialog = page.getByRole("dialog", { name: "Create API key" });
  await dialog.getByLabel("Name").fill(name);
  await dialog.getByRole("button", { name: "Create key" }).click();
  const shown = page.getByRole("dialog", { name: "Your new API key" }).getByTestId("api-key-secret");
  await expect(shown).toBeVisible();
  const key = await shown.inputValue();
  expect(key).toMatch(/^cpk_/);
  await page.close();
  return key;
}

/** Pages a visitor sees. */
export const PUBLIC_PAGES = ["/sign-in", "/sign-up", "/pricing", "/docs/api"] as const;

/** Every page of the demo workspace, as its owner sees it, and the owner's own account page. */
export const OWNER_PAGES = [
  "/account",
  base,
  `${base}/analytics`,
  `${base}/transactions`,
  `${base}/usage`,
  `${base}/settings/general`,
  `${base}/settings/members`,
  `${base}/settings/members?view=access`,
  `${base}/settings/audit-log`,
  `${base}/settings/billing`,
  `${base}/settings/billing/invoices`,
  `${base}/settings/api-keys`,
  `${base}/settings/notifications`,
  `${base}/settings/notifications/email-outbox`,
] as const;

/** Dialogs checked with axe (and in dark mode): the page and the button that opens each. */
export const DIALOGS = [
  { path: `${base}/settings/billing`, button: "Purchase Credits" },
  { path: `${base}/settings/members`, button: "Invite members" },
  { path: `${base}/settings/api-keys`, button: "Create API key" },
] as const;

/** The pages a member of the demo workspace has. */
export const MEMBER_PAGES = [base, `${base}/usage`, `${base}/settings/notifications`] as const;

/**
 * The time a test may take for `checks` axe runs (each a page load and a full analysis). A run takes
 * 2 to 5 s on this 2-core machine alone and several times that while other work shares it; the
 * first spec of the suite, with four of them on Playwright's default 30 s, timed out that way. The
 * budget follows the work instead.
 */
export function axeBudget(checks: number): number {
  return 30_000 + checks * 20_000;
}

/**
 * No serious or critical axe violation (WCAG 2.1 A/AA, which includes color-contrast). `soft`
 * records a failure and carries on, so one run lists every page's problems.
 */
export async function expectAccessible(page: Page, label: string, { soft = false } = {}): Promise<void> {
  const results = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
    .analyze();
  const serious = results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help} — ${v.nodes
          .map((n) => n.target.join(" "))
          .slice(0, 3)
          .join(", ")}`,
    );
  (soft ? expect.soft : expect)(serious, `${label}: axe violations`).toEqual([]);
}

/** Opens a page and waits until it has stopped loading. */
export async function visit(page: Page, path: string): Promise<void> {
  await page.goto(path);
  await page.waitForLoadState("networkidle");
}

/** Opens a dialog from the first button with this name, and waits for it. */
export async function openDialog(page: Page, button: string): Promise<void> {
  await page.getByRole("button", { name: button }).first().click();
  await expect(page.getByRole("dialog")).toBeVisible();
}

/** Closes the open dialog with Esc. */
export async function closeDialog(page: Page): Promise<void> {
  await page.keyboard.press("Escape");
  await expect(page.getByRole("dialog")).toBeHidden();
}

/** Opens the calendar of a custom range on Analytics (react-day-picker). */
export async function openRangeCalendar(page: Page): Promise<void> {
  await visit(page, `${base}/analytics`);
  await page.getByRole("button", { name: "Custom range" }).click();
  await expect(page.getByRole("grid").first()).toBeVisible();
}

/**
 * Holds the page's refreshes (`router.refresh()`: a GET with the `rsc` header) until `release()`, as a
 * slow server would: what a dialog does right after a save must not wait for, or read from, the
 * refreshed page. Server actions (POSTs) pass. Returns `release`, which lets them all through.
 */
export async function holdRefreshes(page: Page): Promise<() => Promise<void>> {
  let release = () => {};
  const released = new Promise<void>((resolve) => (release = resolve));
  const hold = async (route: Route) => {
    const request = route.request();
    if (request.method() === "GET" && request.headers()["rsc"] === "1") await released;
    await route.fallback();
  };
  await page.route("**/*", hold);
  return async () => {
    release();
    await page.unroute("**/*", hold);
  };
}
