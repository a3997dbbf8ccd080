// Issue 18: money that goes back, driven through the test-mode portal, which sends the signed events
// Stripe would send through the real webhook handling. A partial refund of a purchase takes back its
// share (the history's Refund entry, the bell); a lost dispute of the plan invoice after some of its
// credits were spent leaves a debt: the banner on the Overview and Credits & Billing, "owed" in the history.
import { expect, test, type Page } from "@playwright/test";
import { createApiKey, spendVideos } from "./auto-top-up-helpers";
import { collectErrors } from "./fixtures";
import { enterpriseWorkspace } from "./workspaces";

/** Buys 5,000 credits through Purchase Credits and the test-mode checkout's 4242 card. */
async function buyFiveThousand(page: Page, slug: string) {
  await page.goto(`/w/${slug}/settings/billing`);
  const card = page.getByRole("region", { name: "Credits", exact: true });
  await card.getByRole("button", { name: "Purchase Credits" }).click();
  const dialog = page.getByRole("dialog", { name: "Purchase Credits" });
  await dialog.getByRole("radio", { name: /^5,000 credits/ }).check();
  await dialog.getByRole("button", { name: "Continue to payment" }).click();
  await page.waitForURL(/\/settings\/billing\/test-checkout\/cs_test_local_[a-f0-9]{32}$/);
  await page.getByRole("button", { name: /4242 4242 4242 4242/ }).click();
  await page.getByRole("button", { name: /^Pay \$/ }).click();
  await page.waitForURL(/\/settings\/billing\?purchase=[0-9a-f-]{36}$/);
  await expect(page.getByTestId("purchase-notice")).toContainText("Payment received: 5,000 credits");
}

async function openBell(page: Page) {
  await page.getByRole("button", { name: /^Notifications,/ }).click();
  const menu = page.getByRole("menu", { name: "Notifications" });
  await expect(menu).toBeVisible();
  return menu;
}

test("a refund and a lost dispute in test mode: history, debt banner and the bell", async ({
  page,
  request,
}) => {
  test.setTimeout(180_000);
  const errors = collectErrors(page);
  const { slug, email } = await enterpriseWorkspace(page, "Rita Refund");
  const key = await createApiKey(page, slug);
  // Spent before anything is bought: these credits come out of the plan's subscription credits.
  await spendVideos(request, key, email, 5);
  await buyFiveThousand(page, slug);

  // Refund $10.00 of the purchase from the test portal: its share of the credits is taken back.
  await page.goto(`/w/${slug}/settings/billing/test-portal`);
  await expect(page.getByRole("note", { name: "Test mode" })).toBeVisible();
  const purchase = page.getByTestId("invoice").filter({ hasText: "Credit purchase" }).first();
  await purchase.getByRole("button", { name: "Refund" }).click();
  const refund = page.getByRole("dialog", { name: /^Refund 5,000 credits/ });
  await refund.getByLabel("Amount to refund").fill("1000000");
  await refund.getByRole("button", { name: "Refund" }).click();
  await expect(refund.getByText(/^At most \$[\d,.]+ is left to refund\.$/).first()).toBeVisible();
  const price = await purchase.locator("td").nth(3).innerText();
  // Money stays in integer cents: "$50.00" is read as 5000, a fifth of it written back as "10.00".
  const cents = Number(price.replace(/\D/g, ""));
  const fifth = Math.floor(cents / 5);
  await refund
    .getByLabel("Amount to refund")
    .fill(`${Math.floor(fifth / 100)}.${String(fifth % 100).padStart(2, "0")}`);
  await refund.getByRole("button", { name: "Refund" }).click();
  await expect(refund).toBeHidden();
  await expect(purchase.getByText(/^Refunded \$/)).toBeVisible();

  await page.goto(`/w/${slug}/transactions`);
  const first = page.locator('[data-testid="transaction"][data-code="purchase_refund"]').first();
  await expect(first.getByTestId("transaction-type")).toHaveText("Refund");
  await expect(first.getByTestId("transaction-amount")).toContainText("1,000");

  // Open a dispute on the plan invoice and lose it: what was spent of the plan's credits is owed.
  await page.goto(`/w/${slug}/settings/billing/test-portal`);
  const invoice = page.getByTestId("plan-invoice").first();
  await invoice.getByRole("button", { name: "Open dispute" }).click();
  await expect(invoice.getByText("Disputed", { exact: true })).toBeVisible();
  // While it is open, the held credits show on the Credits card with the reason.
  await page.goto(`/w/${slug}/settings/billing`);
  await expect(page.getByTestId("disputed-credits")).toContainText(
    /[\d,]+ credits held: a payment is disputed/,
  );
  await page.goto(`/w/${slug}/settings/billing/test-portal`);
  await invoice.getByRole("button", { name: "Lose" }).click();
  await expect(invoice.getByText("Dispute lost")).toBeVisible();

  await page.goto(`/w/${slug}`);
  const banner = page.getByTestId("debt-banner");
  await expect(banner).toContainText("Spending is paused");
  // What the videos took from the plan's credits (the sign-up's free daily credits went first).
  const owes = /owes ([\d,]+) credits/.exec(await banner.innerText())?.[1] ?? "";
  const owed = Number(owes.replaceAll(",", ""));
  expect(owed).toBeGreaterThan(0);
  expect(owed).toBeLessThanOrEqual(2_000);
  await expect(banner.getByRole("link", { name: "Buy credits" })).toBeVisible();
  await page.goto(`/w/${slug}/settings/billing`);
  await expect(page.getByTestId("debt-banner")).toContainText(`owes ${owes} credits`);

  await page.goto(`/w/${slug}/transactions`);
  const hold = page.locator('[data-testid="transaction"][data-code="dispute_hold"]').first();
  await expect(hold.getByTestId("transaction-type")).toHaveText("Held: dispute");
  const lost = page.locator('[data-testid="transaction"][data-code="purchase_refund"]').first();
  await expect(lost.getByTestId("transaction-owed")).toHaveText(`${owes} already spent: owed`);
  await expect(lost.getByTestId("transaction-balance")).toBeVisible();

  // The bell has both: the refund and the lost dispute.
  const menu = await openBell(page);
  await expect(menu.getByTestId("notification-item").filter({ hasText: "Payment refunded" })).toHaveCount(1);
  await expect(menu.getByTestId("notification-item").filter({ hasText: "Dispute lost" })).toHaveCount(1);
  await page.keyboard.press("Escape");
  expect(errors).toEqual([]);
});
