import { expect, test, type Locator, type Page } from "@playwright/test";
import { DEMO, FROZEN_AT, signIn } from "./fixtures";

// Reference screenshots of every page, at desktop and phone widths, in light mode. They run in
// the `screenshots` project only: its server has a fresh demo database and a clock frozen at
// FROZEN_AT (see playwright.config.ts), and the browser's clock stands still at the same instant,
// so every run shows the same data at the same times. Update them with
//   npx playwright test --project=screenshots --update-snapshots
// after a deliberate change of the look, and look at every changed image before committing it.
// The tests run in order and share one database: the ones that write (a checkout, an invitation)
// come last, after the pages they would change have been taken.
// Skipped only when DATABASE_URL is set: playwright.config.ts then points every server at that one
// database, which the other specs change, so the images could not match. CI and `npm test` never set
// it (both servers start their own embedded PostgreSQL), so there the screenshots always run.
test.skip(!!process.env.DATABASE_URL, "reference screenshots need their own fresh database");

const base = `/w/${DEMO.workspace.slug}`;
const SIZES = [
  { name: "desktop", width: 1280, height: 800 },
  { name: "mobile", width: 390, height: 844 },
] as const;

test.beforeEach(async ({ page }) => {
  await page.clock.setFixedTime(new Date(FROZEN_AT));
});

/** Waits until the page has stopped loading: data fetched, fonts laid out, no skeletons left. */
async function settle(page: Page) {
  await page.waitForLoadState("networkidle");
  await page.evaluate(() => document.fonts.ready);
  await expect(page.locator('[aria-busy="true"]')).toHaveCount(0);
}

/** Takes `path` at every size as `<name>-<size>.png`, with `mask` (random ids) painted over. */
async function capture(
  page: Page,
  path: string,
  name: string,
  options: { mask?: (page: Page) => Locator[]; ready?: (page: Page) => Promise<void> } = {},
) {
  for (const size of SIZES) {
    await page.setViewportSize({ width: size.width, height: size.height });
    await page.goto(path);
    await settle(page);
    await options.ready?.(page);
    await expect(page).toHaveScreenshot(`${name}-${size.name}.png`, {
      fullPage: true,
      mask: options.mask?.(page) ?? [],
      // Stable-image retries of a very tall page need more than the default 15 s when CPU is short.
      timeout: 60_000,
    });
  }
}

test("public pages", async ({ page }) => {
  // Ten pages, one of them (the API reference) about 19,000 pixels tall at phone width: comparing a
  // full-page image that size takes seconds on a busy machine, so the test gets the owner's budget.
  test.setTimeout(300_000);
  await capture(page, "/sign-in", "sign-in");
  await capture(page, "/sign-up", "sign-up");
  await capture(page, "/pricing", "pricing");
  await capture(page, "/docs/api", "docs-api");
  await capture(page, "/no-such-page", "not-found");
});

test("a member's pages", async ({ page }) => {
  await signIn(page, DEMO.member.email);
  await capture(page, base, "member-overview");
  await capture(page, `${base}/usage`, "member-usage");
  await capture(page, `${base}/settings/notifications`, "member-notifications");
});

test("the owner's pages", async ({ page }) => {
  test.setTimeout(300_000);
  await signIn(page, DEMO.owner.email);
  await capture(page, base, "overview");
  await capture(page, `${base}/transactions`, "transactions");
  await capture(page, `${base}/analytics`, "analytics");
  await capture(page, `${base}/usage`, "usage");
  await capture(page, `${base}/settings/general`, "settings-general");
  await capture(page, `${base}/settings/members`, "settings-members");
  await capture(page, `${base}/settings/members?view=access`, "settings-members-access");
  await capture(page, `${base}/settings/billing`, "settings-billing");
  await capture(page, `${base}/settings/api-keys`, "settings-api-keys");
  await capture(page, `${base}/settings/audit-log`, "settings-audit-log");
  await capture(page, `${base}/settings/notifications`, "settings-notifications");
  await capture(page, `${base}/settings/notifications/email-outbox`, "settings-email-outbox");
  await capture(page, `${base}/settings/billing/test-portal`, "test-portal");
  await capture(page, `${base}/settings/billing/invoices`, "invoices");
  // The receipt of the demo plan's invoice (a purchase's would show its random checkout id: masked).
  await page.goto(`${base}/settings/billing/invoices?kind=plan`);
  const receipt = await page
    .getByRole("link", { name: /^Receipt CP-/ })
    .first()
    .getAttribute("href");
  await capture(page, receipt ?? `${base}/settings/billing/invoices`, "receipt", {
    mask: (p) => [p.getByTestId("payment-reference")],
  });
  await capture(page, "/account", "account");
  await capture(page, `${base}/no-such-page`, "workspace-not-found");
});

test("the test-mode checkout", async ({ page }) => {
  await signIn(page, DEMO.owner.email);
  await page.goto(`${base}/settings/billing`);
  await page.getByRole("button", { name: "Purchase Credits" }).first().click();
  const dialog = page.getByRole("dialog", { name: "Purchase Credits" });
  await dialog.getByRole("radio", { name: /^5,000 credits/ }).check();
  await dialog.getByRole("button", { name: "Continue to payment" }).click();
  await page.waitForURL(/\/settings\/billing\/test-checkout\/cs_test_local_[a-f0-9]{32}$/);
  await capture(page, new URL(page.url()).pathname, "test-checkout");
});

test("an invitation, as the invited person sees it", async ({ page, browser, baseURL }) => {
  await signIn(page, DEMO.owner.email);
  await page.goto(`${base}/settings/members`);
  await page.getByRole("button", { name: "Invite members" }).click();
  const dialog = page.getByRole("dialog", { name: "Invite members" });
  await dialog.getByLabel("Email address").fill("new.hire@example.test");
  await dialog.getByRole("button", { name: "Send invitation" }).click();
  const result = page.getByRole("dialog", { name: "Invitation ready for new.hire@example.test" });
  const link = new URL(await result.getByLabel("Invite link").inputValue());

  const context = await browser.newContext({ baseURL });
  const invitee = await context.newPage();
  await invitee.clock.setFixedTime(new Date(FROZEN_AT));
  await capture(invitee, link.pathname, "invite");
  await context.close();
});
