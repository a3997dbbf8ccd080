import { test as base, expect, type Page } from "@playwright/test";

/** The seeded demo data (lib/demo/seed.ts). Every demo account has the same password. */
export const DEMO = {
  password: "northwind-demo",
  workspace: { slug: "northwind", name: "Northwind Studio" },
  owner: { email: "olivia@northwind.test", name: "Olivia Owens" },
  admin: { email: "adam@northwind.test", name: "Adam Alvarez" },
  member: { email: "maya@northwind.test", name: "Maya Müller" },
  nearLimitMember: { email: "leo@northwind.test", name: "Leo Laurent" },
  unlimitedMember: { email: "sam@northwind.test", name: "Sam Sato" },
} as const;

/**
 * The instant the reference screenshots' server and browser stand still at (CREDITPOOL_FROZEN_AT):
 * a Wednesday morning in Berlin (the demo workspace's time zone), mid-month, so members are part
 * way through their monthly limits as the demo's story has it.
 */
export const FROZEN_AT = "2026-11-18T10:30:00.000Z";

/**
 * Playwright's `test`, with the browser's clock starting at CREDITPOOL_CALENDAR_AT when
 * `npm run test:calendar` sets it (the server's clock stands there too; see playwright.config.ts).
 * Specs that read figures use this one, so they can be run on any day of the calendar.
 */
export const test = base.extend({
  page: async ({ page }, provide) => {
    await startCalendarClock(page);
    await provide(page);
  },
});

/**
 * Starts the browser's clock (of the page's whole context) at CREDITPOOL_CALENDAR_AT, when it is set,
 * and lets it run from there: countdowns still tick, as they do for a person on that day.
 */
export async function startCalendarClock(page: Page): Promise<void> {
  const at = process.env.CREDITPOOL_CALENDAR_AT;
  if (at) await page.clock.install({ time: new Date(at) });
}

/** An address no other test (or run) uses. */
export function uniqueEmail(prefix = "e2e"): string {
  return `${prefix}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}@example.test`;
}

/** Signs in through the sign-in form and waits until the app has moved on from it. */
export async function signIn(page: Page, email: string, password: string = DEMO.password): Promise<void> {
  await page.goto("/sign-in");
  await page.getByLabel("Email", { exact: true }).fill(email);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await page.waitForURL((url) => !url.pathname.startsWith("/sign-in"));
}

/** Signs out through the account menu in the top bar, and waits for the sign-in page. */
export async function signOut(page: Page): Promise<void> {
  await page.getByRole("button", { name: /^Account:/ }).click();
  await page.getByRole("menuitem", { name: "Sign out", exact: true }).click();
  await page.waitForURL((url) => url.pathname === "/sign-in");
}

/**
 * Creates an account through the sign-up form and waits for its new workspace. Returns the
 * workspace's slug.
 */
export async function signUp(
  page: Page,
  input: { name: string; email: string; password?: string; workspaceName?: string },
): Promise<string> {
  await page.goto("/sign-up");
  await page.getByLabel("Your name").fill(input.name);
  await page.getByLabel("Email", { exact: true }).fill(input.email);
  await page.getByLabel("Password", { exact: true }).fill(input.password ?? DEMO.password);
  if (input.workspaceName) await page.getByLabel(/Workspace name/).fill(input.workspaceName);
  await page.getByRole("button", { name: "Create account" }).click();
  await page.waitForURL(/\/w\/[a-z0-9-]+$/);
  const slug = new URL(page.url()).pathname.split("/")[2];
  expect(slug).toBeTruthy();
  return slug!;
}

/** Collects console errors and uncaught page errors, for `expect(errors).toEqual([])`. */
export function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(`console: ${message.text()} (${message.location().url})`);
  });
  page.on("pageerror", (error) => errors.push(`pageerror: ${error.message}`));
  return errors;
}
