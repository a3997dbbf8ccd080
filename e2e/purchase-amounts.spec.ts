// Money in dollars and fair prices (issue 17, points 5, 6 and 8): the Credits card states the balance in
// credits and in USD; Purchase Credits takes a bundle, an amount in USD or a number of credits, the three
// in step, with the exact price and its saving before paying; and every amount is priced at the best
// volume tier it reaches, in Purchase Credits and in Auto Top Up alike.
import { expect, type Locator, type Page } from "@playwright/test";
import { DEMO, collectErrors, signIn, test } from "./fixtures";
import { enterpriseWorkspace } from "./workspaces";

/** "$512.34" for 51,234 credits: list price, one cent a credit (integer arithmetic). */
function usdAtListPrice(credits: number): string {
  return `$${Math.floor(credits / 100).toLocaleString("en-US")}.${String(credits % 100).padStart(2, "0")}`;
}

async function readCredits(locator: Locator): Promise<number> {
  const text = (await locator.innerText()).replace(/\s+credits$/, "").trim();
  expect(text, `"${text}" should be a whole number of credits`).toMatch(/^\d{1,3}(,\d{3})*$/);
  return Number(text.replaceAll(",", ""));
}

/** The balance and its USD line agree (read together: the card refreshes on its own). */
async function expectBalanceInUsd(scope: Locator): Promise<number> {
  let balance = 0;
  await expect(async () => {
    balance = await readCredits(scope.getByTestId("current-balance"));
    await expect(scope.getByTestId("current-balance-usd")).toHaveText(
      `${usdAtListPrice(balance)} in USD at list price (1¢ a credit; bigger purchases cost less)`,
      { timeout: 1_000 },
    );
  }).toPass();
  return balance;
}

function creditsCard(page: Page): Locator {
  return page.getByRole("region", { name: "Credits", exact: true });
}

async function openPurchase(page: Page): Promise<Locator> {
  await creditsCard(page).getByRole("button", { name: "Purchase Credits" }).click();
  const dialog = page.getByRole("dialog", { name: "Purchase Credits" });
  await expect(dialog).toBeVisible();
  return dialog;
}

for (const [layout, width] of [
  ["desktop", 1280],
  ["phone", 390],
] as const) {
  test(`the Credits card shows the balance in credits and in USD (${layout})`, async ({ page }) => {
    const errors = collectErrors(page);
    await page.setViewportSize({ width, height: 900 });
    await signIn(page, DEMO.owner.email);

    await page.goto(`/w/${DEMO.workspace.slug}`);
    // The Overview shows the same Credits card as Credits & Billing.
    expect(await expectBalanceInUsd(creditsCard(page))).toBeGreaterThan(0);

    await page.goto(`/w/${DEMO.workspace.slug}/settings/billing`);
    await expectBalanceInUsd(creditsCard(page));
    // Whole on the screen at either width: nothing of it is cut off or scrolled sideways.
    const usd = creditsCard(page).getByTestId("current-balance-usd");
    await usd.scrollIntoViewIfNeeded();
    await expect(usd).toBeInViewport({ ratio: 1 });
    await page.screenshot({ path: `test-results/purchase-amounts-card-${layout}.png` });

    // The dialog's amount fields fit the screen and follow each other here too. Nothing is bought.
    const dialog = await openPurchase(page);
    await dialog.getByLabel("Amount in USD").fill("75");
    await expect(dialog.getByLabel("Credits to buy")).toHaveValue("7,500");
    await expect(dialog.getByTestId("purchase-price")).toHaveText("$75.00");
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.keyboard.press("Escape");
    await expect(dialog).toBeHidden();
    expect(errors).toEqual([]);
  });
}

test("Purchase Credits keeps USD, credits and bundles in step, shows the volume price and charges it", async ({
  page,
}) => {
  test.setTimeout(120_000);
  const errors = collectErrors(page);
  const { slug } = await enterpriseWorkspace(page, "Priya Price");
  await page.goto(`/w/${slug}/settings/billing`);
  const before = await expectBalanceInUsd(creditsCard(page));

  const dialog = await openPurchase(page);
  const usd = dialog.getByLabel("Amount in USD");
  const credits = dialog.getByLabel("Credits to buy");
  const price = dialog.getByTestId("purchase-price");
  const saving = dialog.getByTestId("purchase-price-saving");

  // It opens on the first bundle, with both fields filled in.
  await expect(dialog.getByRole("radio", { name: /^5,000 credits/ })).toBeChecked();
  await expect(usd).toHaveValue("50");
  await expect(credits).toHaveValue("5,000");
  await expect(price).toHaveText("$50.00");

  // Dollars typed: the credits follow, and the exact price says what $1,000 buys at 0.9¢.
  await usd.fill("1,000");
  await expect(credits).toHaveValue("111,100");
  await expect(price).toHaveText("$999.90");
  await expect(dialog.getByTestId("purchase-price-rounding")).toHaveText(
    "Credits come in steps of 100: $1,000.00 buys 111,100 credits, so you pay $999.90.",
  );
  await expect(dialog.getByRole("radio", { name: /^Another amount/ })).toBeChecked();
  await credits.focus(); // leaving the field shows there what will be charged
  await expect(usd).toHaveValue("999.90");

  // Credits typed: the dollars follow. 30,000 is past the 25,000 tier: 0.95¢ each, not a cliff.
  await credits.fill("30,000");
  await expect(usd).toHaveValue("285");
  await expect(price).toHaveText("$285.00");
  await expect(saving).toContainText("Save $15.00 (5%) on the list price of $300.00.");
  await credits.fill("100,100");
  await expect(price).toHaveText("$900.90");
  await expect(saving).toContainText("Save $100.10 (10%) on the list price of $1,001.00.");
  await expect(saving).toContainText(
    "Volume pricing: 1¢ a credit; 0.95¢ from 25,000 credits; 0.9¢ from 100,000 credits.",
  );

  await page.screenshot({ path: "test-results/purchase-amounts-volume-price.png" });

  // A bundle fills both.
  const studio = dialog.getByRole("radio", { name: /^25,000 credits/ });
  await expect(studio).toHaveAccessibleName(/Studio pack · save 5%/);
  await studio.check();
  await expect(usd).toHaveValue("237.50");
  await expect(credits).toHaveValue("25,000");
  await expect(price).toHaveText("$237.50");

  // Just under a tier the tier's price caps the amount's own, and the larger amount is offered.
  await credits.fill("24,000");
  await expect(price).toHaveText("$237.50");
  await expect(dialog.getByTestId("purchase-price-same-for-more")).toContainText(
    "25,000 credits cost the same.",
  );
  await expect(studio).not.toBeChecked();
  await dialog.getByRole("button", { name: "Buy 25,000 instead" }).click();
  await expect(credits).toHaveValue("25,000");
  await expect(studio).toBeChecked();

  // Out of bounds in USD says so at the field.
  await usd.fill("5");
  await dialog.getByRole("button", { name: "Continue to payment" }).click();
  await expect(dialog.getByText("Spend between $10.00 and $9,000.00.")).toBeVisible();
  await expect(usd).toHaveAttribute("aria-invalid", "true");

  // Paid in USD: the checkout and the receipt carry exactly the price shown.
  await usd.fill("150");
  await expect(credits).toHaveValue("15,000");
  await expect(price).toHaveText("$150.00");
  await dialog.getByRole("button", { name: "Continue to payment" }).click();
  await page.waitForURL(/\/settings\/billing\/test-checkout\/cs_test_local_[a-f0-9]{32}$/);
  await expect(page.getByTestId("checkout-credits")).toHaveText("15,000");
  await expect(page.getByTestId("checkout-amount")).toHaveText("$150.00");
  await page.getByRole("button", { name: /4242 4242 4242 4242/ }).click();
  await page.getByRole("button", { name: "Pay $150.00" }).click();
  await page.waitForURL(/\/settings\/billing\?purchase=[0-9a-f-]{36}$/);
  await expect(page.getByTestId("purchase-notice")).toContainText("15,000 credits for $150.00");
  await expect
    .poll(() => readCredits(creditsCard(page).getByTestId("current-balance")))
    .toBe(before + 15_000);
  await expectBalanceInUsd(creditsCard(page));

  // Auto Top Up prices from the same table: 300,000 credits cost $2,700, not $3,000.
  const section = page.getByTestId("auto-top-up-section");
  await section.getByRole("button", { name: "Enable" }).click();
  const auto = page.getByRole("dialog", { name: "Auto Top Up" });
  await auto.getByLabel("Purchase this amount").fill("300,000");
  await expect(auto.getByTestId("auto-top-up-price")).toHaveText("$2,700.00");
  await expect(auto.getByTestId("auto-top-up-price-saving")).toContainText(
    "Save $300.00 (10%) on the list price of $3,000.00.",
  );
  await page.screenshot({ path: "test-results/purchase-amounts-auto-top-up.png" });
  await auto.getByLabel("Purchase this amount").fill("95,000");
  await expect(auto.getByTestId("auto-top-up-price")).toHaveText("$900.00");
  await auto.getByRole("button", { name: "Buy 100,000 instead" }).click();
  await expect(auto.getByLabel("Purchase this amount")).toHaveValue("100,000");
  await expect(auto.getByTestId("auto-top-up-price")).toHaveText("$900.00");
  await auto.getByRole("button", { name: "Cancel" }).click();
  await expect(auto).toBeHidden();
  expect(errors).toEqual([]);
});
