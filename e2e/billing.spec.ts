import { expect, type Locator, type Page } from "@playwright/test";
import { collectErrors, DEMO, signIn, signUp, test, uniqueEmail } from "./fixtures";

const BILLING = `/w/${DEMO.workspace.slug}/settings/billing`;

/** "51,234", "51,234 credits", "−1,200" or "+500" -> the integer; fails on anything else. */
function parseCredits(text: string): number {
  const match = /^([+\u2212-]?)(\d{1,3}(?:,\d{3})*)(?: credits)?$/.exec(text.replace(/\s+/g, " ").trim());
  expect(match, `"${text}" should be a whole number of credits`).not.toBeNull();
  const [, sign, digits] = match!;
  const value = Number(digits!.replaceAll(",", ""));
  return sign === "\u2212" || sign === "-" ? -value : value;
}

async function readCredits(locator: Locator): Promise<number> {
  return parseCredits(await locator.innerText());
}

function creditsCard(page: Page): Locator {
  return page.getByRole("region", { name: "Credits", exact: true });
}

type Newest = { id: string; code: string; amount: number; balance: number };

async function readNewest(card: Locator): Promise<Newest> {
  const row = card.getByTestId("recent-transaction").first();
  return {
    id: (await row.getAttribute("data-id")) ?? "",
    code: (await row.getAttribute("data-code")) ?? "",
    amount: await readCredits(row.getByTestId("transaction-amount")),
    balance: await readCredits(row.getByTestId("transaction-balance")),
  };
}

async function readCard(page: Page) {
  const card = creditsCard(page);
  await expect(card).toBeVisible();
  await expect(card.getByTestId("recent-transaction").first()).toBeVisible();
  return {
    balance: await readCredits(card.getByTestId("current-balance")),
    added: await readCredits(card.getByTestId("lifetime-added")),
    spent: await readCredits(card.getByTestId("lifetime-spent")),
    newest: await readNewest(card),
  };
}

/** Opens Purchase Credits, picks the 5,000 bundle and continues to the test-mode checkout page. */
async function startFiveThousandPurchase(page: Page): Promise<void> {
  await creditsCard(page).getByRole("button", { name: "Purchase Credits" }).click();
  const dialog = page.getByRole("dialog", { name: "Purchase Credits" });
  await expect(dialog).toBeVisible();
  await dialog.getByRole("radio", { name: /^5,000 credits/ }).check();
  await expect(dialog.getByTestId("purchase-price")).toHaveText("$50.00");
  await dialog.getByRole("button", { name: "Continue to payment" }).click();
  await page.waitForURL(/\/settings\/billing\/test-checkout\/cs_test_local_[a-f0-9]{32}$/);
  await expect(page.getByRole("note", { name: "Test mode" })).toContainText("Test mode");
  await expect(page.getByRole("note", { name: "Test mode" })).toContainText("No real payment");
  await expect(page.getByTestId("checkout-credits")).toHaveText("5,000");
  await expect(page.getByTestId("checkout-amount")).toHaveText("$50.00");
}

test("an owner buys 5,000 credits in test mode and the Credits card moves with it", async ({ page }) => {
  const errors = collectErrors(page);
  await signIn(page, DEMO.owner.email);
  await page.goto(BILLING);
  await expect(page.getByRole("heading", { level: 1, name: "Credits & Billing" })).toBeVisible();
  const before = await readCard(page);
  expect(before.balance).toBeGreaterThan(0);

  // The dialog validates a typed amount before any checkout starts.
  await creditsCard(page).getByRole("button", { name: "Purchase Credits" }).click();
  const dialog = page.getByRole("dialog", { name: "Purchase Credits" });
  await dialog.getByRole("radio", { name: /^Another amount/ }).check();
  const amount = dialog.getByLabel("Credits to buy");
  await amount.fill("250");
  await dialog.getByRole("button", { name: "Continue to payment" }).click();
  await expect(dialog.getByText("Buy between 1,000 and 1,000,000 credits.")).toBeVisible();
  await expect(amount).toHaveAttribute("aria-invalid", "true");
  await amount.fill("1,250");
  await expect(dialog.getByText("Buy credits in steps of 100.")).toBeVisible();
  await amount.fill("1,300");
  await expect(dialog.getByTestId("purchase-price")).toHaveText("$13.00");
  await expect(amount).not.toHaveAttribute("aria-invalid", "true");
  await expect(page).toHaveURL(BILLING);
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();

  // A second tab left open on Billing: it must catch up on its own (live refresh, no reload).
  const watcher = await page.context().newPage();
  const watcherErrors = collectErrors(watcher);
  await watcher.goto(BILLING);
  await expect(creditsCard(watcher).getByTestId("current-balance")).toBeVisible();

  await startFiveThousandPurchase(page);
  // Clicking a test card fills in its number.
  await page.getByRole("button", { name: /4242 4242 4242 4242/ }).click();
  await expect(page.getByLabel("Card number")).toHaveValue("4242 4242 4242 4242");
  await page.getByRole("button", { name: "Pay $50.00" }).click();

  await page.waitForURL(/\/settings\/billing\?purchase=[0-9a-f-]{36}$/);
  await expect(page.getByTestId("purchase-notice")).toContainText(
    "Payment received: 5,000 credits for $50.00",
  );
  // One confirmation (issue 17): the notice, with no toast saying the same on top of it.
  await expect(page.getByText(/Payment received/)).toHaveCount(1);
  await expect(page.locator("[data-sonner-toast]")).toHaveCount(0);

  // The card shows the new figures (live refresh, never a reload).
  const card = creditsCard(page);
  await expect.poll(() => readCredits(card.getByTestId("current-balance"))).toBe(before.balance + 5_000);
  await expect.poll(() => readCredits(card.getByTestId("lifetime-added"))).toBe(before.added + 5_000);
  expect(await readCredits(card.getByTestId("lifetime-spent"))).toBe(before.spent);
  await expect.poll(async () => (await readNewest(card)).code).toBe("top_up");
  const newest = await readNewest(card);
  expect(newest.amount).toBe(5_000);
  expect(Number(newest.id)).toBeGreaterThan(Number(before.newest.id));
  const held = (await card.getByTestId("held").count()) ? await readCredits(card.getByTestId("held")) : 0;
  expect(newest.balance).toBe(before.balance + 5_000 + held);
  await expect(card.getByTestId("recent-transaction").first()).toContainText("Purchase");

  // The tab that was left open shows the same figures without being reloaded.
  const watched = creditsCard(watcher);
  await expect
    .poll(() => readCredits(watched.getByTestId("current-balance")), { timeout: 20_000 })
    .toBe(before.balance + 5_000);
  expect(await readCredits(watched.getByTestId("lifetime-added"))).toBe(before.added + 5_000);
  expect(await readNewest(watched)).toEqual(newest);
  await watcher.close();
  expect(watcherErrors).toEqual([]);

  // The breakdown by type opens from the keyboard and lists top-up credits as never expiring.
  const toggle = card.getByRole("button", { name: "Breakdown by type" });
  await toggle.focus();
  await page.keyboard.press("Enter");
  await expect(toggle).toHaveAttribute("aria-expanded", "true");
  await expect(card.getByText("Balance by credit type")).toBeVisible();
  await expect(card.getByText("Never expires")).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(toggle).toHaveAttribute("aria-expanded", "false");

  // The card says which subscription credits expire at renewal; the Plan section below names the plan.
  await expect(card.getByTestId("renewal-expiry")).toContainText(
    /subscription credits expire on .+ \(no rollover\)/,
  );
  const plan = page.getByRole("region", { name: "Plan", exact: true });
  await expect(plan.getByTestId("plan-name")).toHaveText("Pro");

  // The test-mode billing portal lists the purchase as a paid invoice.
  const payments = page.getByRole("region", { name: "Payment methods & invoices" });
  await payments.getByRole("button", { name: "Manage billing" }).click();
  await page.waitForURL(`${BILLING}/test-portal`);
  await expect(page.getByRole("note", { name: "Test mode" })).toBeVisible();
  await expect(page.getByTestId("invoice").first()).toContainText("$50.00");
  await expect(page.getByTestId("invoice").first()).toHaveAttribute("data-status", "paid");

  expect(errors).toEqual([]);
});

test("a declined card adds nothing and says why", async ({ page }) => {
  const errors = collectErrors(page);
  await signIn(page, DEMO.owner.email);
  await page.goto(BILLING);
  const before = await readCard(page);

  await startFiveThousandPurchase(page);
  await page.getByRole("button", { name: /4000 0000 0000 0002/ }).click();
  await page.getByRole("button", { name: "Pay $50.00" }).click();
  await expect(page.getByTestId("decline-message")).toHaveText("Your card was declined.");
  // Still on the checkout: another card could be tried.
  await expect(page).toHaveURL(/\/test-checkout\//);
  await expect(page.getByRole("button", { name: "Pay $50.00" })).toBeEnabled();

  await page.getByRole("button", { name: "Cancel" }).click();
  await page.waitForURL(/\/settings\/billing\?purchase=[0-9a-f-]{36}$/);
  await expect(page.getByTestId("purchase-notice")).toContainText("Nothing was charged");

  const after = await readCard(page);
  expect(after.balance).toBe(before.balance);
  expect(after.added).toBe(before.added);
  expect(after.newest).toEqual(before.newest);

  // The history has no new purchase either.
  await page.goto(`/w/${DEMO.workspace.slug}/transactions?type=purchase`);
  const purchases = page.getByTestId("transaction");
  await expect(purchases.first()).toBeVisible();
  for (const row of await purchases.all()) {
    expect(Number(await row.getAttribute("data-id"))).toBeLessThanOrEqual(Number(before.newest.id));
  }

  expect(errors).toEqual([]);
});

test("a member can't see the Credits card or buy credits", async ({ page }) => {
  const errors = collectErrors(page);
  await signIn(page, DEMO.member.email);
  await page.goto(BILLING);
  await expect(page.getByTestId("forbidden-notice")).toBeVisible();
  await expect(page.getByRole("button", { name: "Purchase Credits" })).toHaveCount(0);
  await expect(page.getByTestId("current-balance")).toHaveCount(0);
  await expect(page.getByText("Lifetime added")).toHaveCount(0);
  const nav = page.getByRole("navigation", { name: "Workspace" });
  await expect(nav.getByRole("link", { name: "Credits & Billing" })).toHaveCount(0);
  await expect(nav.getByRole("link", { name: "Transactions" })).toHaveCount(0);

  await page.goto(`/w/${DEMO.workspace.slug}/transactions`);
  await expect(page.getByTestId("forbidden-notice")).toBeVisible();
  await expect(page.getByTestId("transaction")).toHaveCount(0);
  expect(errors).toEqual([]);
});

test("a Free workspace is told why it can't buy credits and offered the upgrade", async ({ page }) => {
  const errors = collectErrors(page);
  const slug = await signUp(page, { name: "Fran Free", email: uniqueEmail("billing-free") });
  const nav = page.getByRole("navigation", { name: "Workspace" });
  await nav.getByRole("link", { name: "Credits & Billing" }).click();
  await page.waitForURL(`/w/${slug}/settings/billing`);

  const plan = page.getByRole("region", { name: "Plan", exact: true });
  await expect(plan.getByTestId("plan-name")).toHaveText("Free");
  await expect(plan).toContainText("No subscription");
  await expect(creditsCard(page).getByTestId("renewal-expiry")).toContainText("No active subscription");

  await creditsCard(page).getByRole("button", { name: "Purchase Credits" }).click();
  const dialog = page.getByRole("dialog", { name: "Purchase Credits" });
  await expect(dialog.getByTestId("purchase-ineligible-reason")).toHaveText(/active subscription/);
  await expect(dialog.getByRole("button", { name: "Continue to payment" })).toHaveCount(0);
  const upgrade = dialog.getByRole("link", { name: "Upgrade your plan" });
  await expect(upgrade).toHaveAttribute("href", `/w/${slug}/settings/billing#plan`);
  await upgrade.click();
  await expect(dialog).toBeHidden();
  await expect(page).toHaveURL(`/w/${slug}/settings/billing#plan`);
  await expect(page.getByRole("heading", { level: 2, name: "Plan", exact: true })).toBeInViewport();

  // The owner sets the Low Balance threshold; the badge follows it without a reload.
  const card = creditsCard(page);
  const balance = await readCredits(card.getByTestId("current-balance"));
  const thresholdForm = page.getByRole("region", { name: "Low Balance alert" });
  const threshold = thresholdForm.getByLabel("Warn when credits are at or below");
  await threshold.fill("12.5");
  await thresholdForm.getByRole("button", { name: "Save threshold" }).click();
  await expect(thresholdForm.getByText("Enter a whole number of credits, 0 or more.")).toBeVisible();
  await threshold.fill(String(balance + 1_000));
  await thresholdForm.getByRole("button", { name: "Save threshold" }).click();
  // The badge alone does not show the save is done (it may show already), the confirmation does.
  await expect(
    page.getByText(
      `The Low Balance badge now shows at ${(balance + 1_000).toLocaleString("en-US")} credits or less.`,
    ),
  ).toBeVisible();
  await expect(card.getByTestId("low-balance-badge")).toHaveText("Low Balance");
  if (balance > 0) {
    await threshold.fill("0");
    await thresholdForm.getByRole("button", { name: "Save threshold" }).click();
    await expect(card.getByTestId("low-balance-badge")).toHaveCount(0);
  }
  expect(errors).toEqual([]);
});
