import AxeBuilder from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";
import { DEMO } from "./fixtures";

// Every page of the app, by who may see it, and the checks run on each of them. Shared by
// accessibility.spec.ts (light), dark-mode.spec.ts and secrets.spec.ts, so a new page is added in one place.
export const WORKSPACE_BASE = `/w/${DEMO.workspace.slug}`;
const base = WORKSPACE_BASE;

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
  `${base}/settings/plan`,
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
