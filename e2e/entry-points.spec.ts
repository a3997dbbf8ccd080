import { expect, type Locator, type Page } from "@playwright/test";
import { e2eDatabase } from "./database";
import { collectErrors, DEMO, signIn, signUp, test, uniqueEmail } from "./fixtures";

// The ways in the product docs describe: the team dropdown (with each workspace's Settings icon),
// Credits & Billing as one tab of workspace settings, the profile menu's Credits Left, Buy Credits
// and Usage Analytics, Buy Credits in the top bar, and the Overview's Credits card.
const base = `/w/${DEMO.workspace.slug}`;
const BILLING = `${base}/settings/billing`;
const SIZES = [
  { name: "desktop", width: 1280, height: 800 },
  { name: "phone", width: 390, height: 844 },
] as const;

/** "51,234" or "51,234 credits" -> 51234. */
function toCredits(text: string): number {
  const digits = text.replace(/credits/, "").trim();
  expect(digits, `"${text}" should be a whole number of credits`).toMatch(/^\d{1,3}(,\d{3})*$/);
  return Number(digits.replaceAll(",", ""));
}

async function readCredits(locator: Locator): Promise<number> {
  return toCredits(await locator.innerText());
}

function accountButton(page: Page): Locator {
  return page.getByRole("button", { name: /^Account:/ });
}

/** Opens the profile menu with the keyboard and moves to Credits Left, its first item. */
async function focusCreditsLeft(page: Page): Promise<Locator> {
  await accountButton(page).focus();
  await page.keyboard.press("Enter");
  const menu = page.getByRole("menu");
  await expect(menu).toBeVisible();
  const item = menu.getByRole("menuitem", { name: /^Credits Left/ });
  await page.keyboard.press("ArrowDown");
  if (!(await item.evaluate((element) => element === document.activeElement))) {
    await page.keyboard.press("Home");
  }
  await expect(item).toBeFocused();
  return item;
}

/** The page is no wider than the screen: nothing of the top bar is pushed off to the side. */
async function expectNoSidewaysScroll(page: Page): Promise<void> {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
}

test("Credits & Billing is one tab with its sections, and the old plan URL leads to it", async ({ page }) => {
  const errors = collectErrors(page);
  await signIn(page, DEMO.owner.email);
  const nav = page.getByRole("navigation", { name: "Workspace" });
  await expect(nav.getByRole("link", { name: "Credits & Billing" })).toHaveCount(1);
  await expect(nav.getByRole("link", { name: /^(Plan & billing|Billing)$/ })).toHaveCount(0);
  await nav.getByRole("link", { name: "Credits & Billing" }).click();
  await expect(page).toHaveURL(BILLING);
  await expect(nav.getByRole("link", { name: "Credits & Billing" })).toHaveAttribute("aria-current", "page");
  await expect(page.getByRole("heading", { level: 1, name: "Credits & Billing" })).toBeVisible();

  // Its sections, each one jump away.
  const sections = page.getByRole("navigation", { name: "On this page" });
  for (const [name, id] of [
    ["Credits", "credits"],
    ["Auto top-up", "auto-top-up"],
    ["Plan", "plan"],
    ["Payment methods & invoices", "payment-methods"],
    ["Billing details", "billing-details"],
  ] as const) {
    await expect(sections.getByRole("link", { name, exact: true })).toHaveAttribute("href", `#${id}`);
    await expect(page.locator(`[id="${id}"]`)).toHaveCount(1);
  }
  await expect(page.getByRole("region", { name: "Credits", exact: true })).toBeVisible();
  await expect(page.getByRole("region", { name: "Plan", exact: true }).getByTestId("plan-name")).toHaveText(
    "Pro",
  );
  await expect(page.getByRole("region", { name: "Payment methods & invoices" })).toBeVisible();
  await sections.getByRole("link", { name: "Plan", exact: true }).click();
  await expect(page.getByRole("heading", { level: 2, name: "Plan", exact: true })).toBeInViewport();

  // One way into the billing portal, with one name.
  await expect(page.getByRole("button", { name: "Manage billing" })).toHaveCount(1);
  await expect(page.getByRole("button", { name: /Manage payment method/ })).toHaveCount(0);

  // The old Plan & billing address lands on the Plan section, its query string kept.
  await page.goto(`${base}/settings/plan?interval=year`);
  await expect(page).toHaveURL(`${BILLING}?interval=year#plan`);
  await expect(page.getByRole("heading", { level: 1, name: "Credits & Billing" })).toBeVisible();
  await expect(page.getByRole("heading", { level: 2, name: "Plan", exact: true })).toBeInViewport();
  expect(errors).toEqual([]);
});

test("the Overview shows the same Credits card, with the threshold and Purchase Credits by the badge", async ({
  page,
}) => {
  const errors = collectErrors(page);
  await signIn(page, DEMO.owner.email);
  await page.goto(BILLING);
  const onBilling = page.getByRole("region", { name: "Credits", exact: true });
  const threshold = await onBilling.getByTestId("low-balance-threshold").innerText();

  await page.goto(base);
  const card = page.getByRole("region", { name: "Credits", exact: true });
  await expect(card.getByTestId("current-balance")).toBeVisible();
  await expect(card.getByTestId("low-balance-threshold")).toHaveText(threshold);
  expect(threshold).toMatch(/^Low Balance at [\d,]+ credits or less/);
  // The demo's balance is under its threshold.
  await expect(card.getByTestId("low-balance-badge")).toHaveText("Low Balance");
  await expect(card.getByRole("button", { name: "Breakdown by type" })).toBeVisible();
  await expect(card.getByTestId("renewal-expiry")).toBeVisible();
  await expect(card.getByRole("table", { name: "Recent Transactions" })).toBeVisible();

  await card.getByRole("link", { name: "Purchase Credits" }).click();
  await expect(page).toHaveURL(`${BILLING}?buy=credits`);
  const dialog = page.getByRole("dialog", { name: "Purchase Credits" });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText("also called tokens");
  // Closing it drops the parameter, so a reload does not open it again.
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  await expect(page).toHaveURL(BILLING);
  expect(errors).toEqual([]);
});

for (const size of SIZES) {
  test.describe(`at ${size.width} px`, () => {
    test.use({ viewport: { width: size.width, height: size.height } });

    test("an owner's profile menu has Credits Left by type, Buy Credits and Usage Analytics", async ({
      page,
    }) => {
      const errors = collectErrors(page);
      await signIn(page, DEMO.owner.email);
      await page.goto(base);
      const balance = await readCredits(
        page.getByRole("region", { name: "Credits", exact: true }).getByTestId("current-balance"),
      );
      await expectNoSidewaysScroll(page);

      const item = await focusCreditsLeft(page);
      await expect(item).toContainText("The workspace's pool");
      expect(await readCredits(item.getByTestId("credits-left"))).toBe(balance);
      // The tooltip beside it breaks the pool down by type, read out as the item's description.
      const tooltip = page.getByRole("tooltip");
      await expect(tooltip).toBeVisible();
      await expect(tooltip).toContainText("never expire");
      const parts = await Promise.all(
        ["free", "subscription", "top_up"].map((type) =>
          readCredits(tooltip.getByTestId(`credits-left-${type}`)),
        ),
      );
      const adjustments = tooltip.getByTestId("credits-left-adjustment");
      const adjusted = (await adjustments.count()) > 0 ? await readCredits(adjustments) : 0;
      expect(parts.reduce((sum, part) => sum + part, 0) + adjusted).toBe(balance);
      await expect(item).toHaveAccessibleDescription(/Free.*Subscription.*Top-up/s);

      // Buy Credits opens the purchase dialog of Credits & Billing.
      const menu = page.getByRole("menu");
      await menu.getByRole("menuitem", { name: "Buy Credits" }).click();
      await expect(page).toHaveURL(`${BILLING}?buy=credits`);
      await expect(page.getByRole("dialog", { name: "Purchase Credits" })).toBeVisible();
      await page.keyboard.press("Escape");
      await expect(page).toHaveURL(BILLING);

      await accountButton(page).click();
      await page.getByRole("menu").getByRole("menuitem", { name: "Usage Analytics" }).click();
      await expect(page).toHaveURL(`${base}/analytics`);
      await expect(page.getByRole("heading", { level: 1, name: "Analytics" })).toBeVisible();
      expect(errors).toEqual([]);
    });

    test("Buy Credits in the top bar is there for owners and admins and opens the purchase dialog", async ({
      page,
    }) => {
      const errors = collectErrors(page);
      await signIn(page, DEMO.admin.email);
      await page.goto(`${base}/transactions`);
      const header = page.getByRole("banner");
      const buy = header.getByRole("link", { name: "Buy Credits" });
      await expect(buy).toBeVisible();
      await expect(buy).toBeInViewport({ ratio: 1 });
      await expectNoSidewaysScroll(page);
      await buy.click();
      await expect(page).toHaveURL(`${BILLING}?buy=credits`);
      await expect(page.getByRole("dialog", { name: "Purchase Credits" })).toBeVisible();
      expect(errors).toEqual([]);
    });

    test("a member's profile menu shows their own allowance, no Buy Credits, and My usage", async ({
      page,
    }) => {
      const errors = collectErrors(page);
      await signIn(page, DEMO.member.email);
      await page.goto(base);
      const remaining = await readCredits(page.getByTestId("allowance-remaining"));
      await expect(page.getByRole("banner").getByRole("link", { name: "Buy Credits" })).toHaveCount(0);
      await expectNoSidewaysScroll(page);

      const item = await focusCreditsLeft(page);
      await expect(item).toContainText("Your monthly allowance");
      expect(await readCredits(item.getByTestId("credits-left"))).toBe(remaining);
      const tooltip = page.getByRole("tooltip");
      await expect(tooltip).toContainText("Your allowance this month");
      await expect(tooltip).toContainText(/[\d,]+ of 15,000 used\. Resets on /);
      await expect(tooltip.getByTestId("credits-left-top_up")).toHaveCount(0);

      const menu = page.getByRole("menu");
      await expect(menu.getByRole("menuitem", { name: "Buy Credits" })).toHaveCount(0);
      await expect(menu.getByRole("menuitem", { name: "Usage Analytics" })).toHaveCount(0);
      await menu.getByRole("menuitem", { name: "My usage" }).click();
      await expect(page).toHaveURL(`${base}/usage`);
      expect(errors).toEqual([]);
    });
  });
}

test("the team dropdown opens another workspace's settings and switching keeps the page", async ({
  page,
  browser,
}) => {
  const errors = collectErrors(page);
  // Bea's workspace, where Al is a member; Al owns a workspace of his own.
  const other = await browser.newPage();
  const beaStudio = `Bea Studio ${Date.now()}`;
  const beaSlug = await signUp(other, {
    name: "Bea Boss",
    email: uniqueEmail("bea"),
    workspaceName: beaStudio,
  });
  await other.close();
  const alEmail = uniqueEmail("al");
  const alStudio = `Al Studio ${Date.now()}`;
  const alSlug = await signUp(page, { name: "Al Switcher", email: alEmail, workspaceName: alStudio });
  const sql = e2eDatabase();
  try {
    await sql`
      insert into memberships (workspace_id, user_id, role)
      select w.id, u.id, 'member' from workspaces w, users u where w.slug = ${beaSlug} and u.email = ${alEmail}`;
  } finally {
    await sql.end();
  }

  // The Settings icon next to a workspace is reached with the arrow keys and opens its settings.
  await page.goto(`/w/${alSlug}/analytics`);
  const switcher = page.getByRole("button", { name: `Workspace: ${alStudio}. Switch workspace` });
  await switcher.focus();
  await page.keyboard.press("Enter");
  const menu = page.getByRole("menu");
  const beaItem = menu.getByRole("menuitemradio", { name: new RegExp(beaStudio) });
  const beaSettings = menu.getByRole("menuitem", { name: `Settings for ${beaStudio}` });
  await expect(menu.getByRole("menuitem", { name: `Settings for ${alStudio}` })).toBeVisible();
  await beaItem.focus();
  await page.keyboard.press("ArrowDown");
  await expect(beaSettings).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(`/w/${beaSlug}/settings/general`);
  await expect(page.getByRole("button", { name: `Workspace: ${beaStudio}. Switch workspace` })).toBeVisible();

  // Switching keeps the page where the other workspace has it for this role...
  await page.getByRole("button", { name: /Switch workspace/ }).click();
  await page.getByRole("menuitemradio", { name: new RegExp(alStudio) }).click();
  await expect(page).toHaveURL(`/w/${alSlug}/settings/general`);
  await page.goto(`/w/${alSlug}/usage`);
  await page.getByRole("button", { name: /Switch workspace/ }).click();
  await page.getByRole("menuitemradio", { name: new RegExp(beaStudio) }).click();
  await expect(page).toHaveURL(`/w/${beaSlug}/usage`);

  // ...and goes to the overview where the role can't open it (a member has no Analytics).
  await page.goto(`/w/${alSlug}/analytics?range=7d`);
  await page.getByRole("button", { name: /Switch workspace/ }).click();
  await page.getByRole("menuitemradio", { name: new RegExp(beaStudio) }).click();
  await expect(page).toHaveURL(`/w/${beaSlug}`);
  await expect(page.getByRole("region", { name: "Your allowance this month" })).toBeVisible();

  // Pages every role has come along both ways.
  await page.goto(`/w/${beaSlug}/settings/notifications`);
  await page.getByRole("button", { name: /Switch workspace/ }).click();
  await page.getByRole("menuitemradio", { name: new RegExp(alStudio) }).click();
  await expect(page).toHaveURL(`/w/${alSlug}/settings/notifications`);
  expect(errors).toEqual([]);
});
