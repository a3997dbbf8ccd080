import { expect, test, type Locator, type Page } from "@playwright/test";
import { collectErrors, signUp, uniqueEmail } from "./fixtures";

// Issue 17, points 7 and 12: Payment methods (add, make default, remove), Purchase with the card on
// file in one confirmation (3-D Secure in the page), "Use another card" to Checkout, an unfinished
// checkout resumed and cancelled from the Credits card, plan invoices in the test-mode portal, and
// exactly one confirmation after paying. Test mode: Stripe's stand-in with its test cards.

/** A new account whose workspace is on Starter (monthly), through the test-mode plan flow. */
async function starterWorkspace(page: Page, name: string): Promise<string> {
  const slug = await signUp(page, {
    name,
    email: uniqueEmail("cards"),
    workspaceName: `Card Studio ${Date.now()}`,
  });
  await page.goto(`/w/${slug}/settings/billing`);
  await page.getByRole("button", { name: "Choose Starter" }).click();
  const start = page.getByRole("dialog", { name: "Start the Starter plan?" });
  await start.getByRole("button", { name: "Start Starter" }).click();
  await expect(start).toBeHidden();
  await expect(page.getByTestId("plan-name")).toHaveText("Starter");
  return slug;
}

function paymentMethods(page: Page): Locator {
  return page.getByRole("region", { name: "Payment methods" });
}

function creditsCard(page: Page): Locator {
  return page.getByRole("region", { name: "Credits", exact: true });
}

async function balance(page: Page): Promise<number> {
  const text = await creditsCard(page).getByTestId("current-balance").innerText();
  return Number(text.replace(/[^\d]/g, ""));
}

async function addTestCard(page: Page, label: RegExp): Promise<void> {
  const section = paymentMethods(page);
  await section.getByRole("button", { name: "Add a card" }).click();
  await section.getByRole("button", { name: label }).click();
}

async function openPurchase(page: Page): Promise<Locator> {
  await creditsCard(page).getByRole("button", { name: "Purchase Credits" }).click();
  const dialog = page.getByRole("dialog", { name: "Purchase Credits" });
  await dialog.getByRole("radio", { name: /^5,000 credits/ }).check();
  await expect(dialog.getByTestId("purchase-price")).toHaveText("$50.00");
  return dialog;
}

test("payment methods are added, made default and removed, and Purchase charges the default card in one confirmation", async ({
  page,
}) => {
  const errors = collectErrors(page);
  const slug = await starterWorkspace(page, "Carla Cards");
  await page.goto(`/w/${slug}/settings/billing`);
  const section = paymentMethods(page);
  await expect(section.getByText("No card on file")).toBeVisible();

  // Without a card, Purchase Credits goes to Checkout as before.
  let dialog = await openPurchase(page);
  await expect(dialog.getByRole("button", { name: "Continue to payment" })).toBeVisible();
  await page.keyboard.press("Escape");

  await addTestCard(page, /4242.*Payments succeed/);
  const visa = section.getByRole("listitem", { name: "Visa •••• 4242" });
  await expect(visa).toContainText("Default");
  await expect(visa).toContainText("Expires 12/2034");
  // The only card pays for the subscription: it can't be removed yet, and the page says why.
  await expect(visa).toContainText("This card pays for the subscription");
  await expect(visa.getByRole("button", { name: /Remove/ })).toHaveCount(0);

  await addTestCard(page, /3184.*Requires authentication/);
  const secure = section.getByRole("listitem", { name: "Visa •••• 3184" });
  await expect(secure).toBeVisible();
  await expect(secure).not.toContainText("Default");
  await secure.getByRole("button", { name: "Make default" }).click();
  await expect(secure).toContainText("Default");
  await expect(visa).not.toContainText("Default");

  // Purchase with the 3-D Secure card: one confirmation, then the bank's step in the dialog.
  const before = await balance(page);
  dialog = await openPurchase(page);
  await expect(dialog.getByTestId("purchase-card")).toContainText("•••• 3184");
  await dialog.getByRole("button", { name: "Purchase", exact: true }).click();
  await expect(dialog.getByTestId("authentication-step")).toContainText(
    "Your bank asks you to confirm the payment of $50.00",
  );
  await dialog.getByRole("button", { name: "Complete authentication" }).click();
  await expect(dialog.getByTestId("purchase-paid")).toContainText(
    "Payment received: 5,000 credits for $50.00",
  );
  await expect(page.getByText(/Payment received/)).toHaveCount(1);
  await expect(page.locator("[data-sonner-toast]")).toHaveCount(0);
  await dialog.getByRole("button", { name: "Done" }).click();
  await expect.poll(() => balance(page)).toBe(before + 5_000);
  await expect(page.getByTestId("purchase-notice")).toHaveCount(0);

  // Back to the 4242 card as the default, and the 3-D Secure card removed after a confirmation.
  await visa.getByRole("button", { name: "Make default" }).click();
  await expect(visa).toContainText("Default");
  await secure.getByRole("button", { name: "Remove Visa •••• 3184" }).click();
  const confirm = page.getByRole("alertdialog", { name: "Remove Visa •••• 3184?" });
  await confirm.getByRole("button", { name: "Remove card" }).click();
  await expect(confirm).toBeHidden();
  await expect(section.getByRole("listitem", { name: "Visa •••• 3184" })).toHaveCount(0);

  // One click charges the default card.
  dialog = await openPurchase(page);
  await dialog.getByRole("button", { name: "Purchase", exact: true }).click();
  await expect(dialog.getByTestId("purchase-paid")).toContainText("charged to Visa •••• 4242");
  await dialog.getByRole("button", { name: "Done" }).click();
  await expect.poll(() => balance(page)).toBe(before + 10_000);

  // "Use another card" is today's Checkout.
  dialog = await openPurchase(page);
  await dialog.getByRole("button", { name: "Use another card" }).click();
  await page.waitForURL(/\/settings\/billing\/test-checkout\/cs_test_local_[a-f0-9]{32}$/);
  expect(errors).toEqual([]);
});

test("a declined card on file says why and adds nothing", async ({ page }) => {
  const errors = collectErrors(page);
  const slug = await starterWorkspace(page, "Dora Declined");
  await page.goto(`/w/${slug}/settings/billing`);
  await addTestCard(page, /9995.*insufficient funds/);
  await expect(paymentMethods(page).getByRole("listitem", { name: "Visa •••• 9995" })).toContainText(
    "Default",
  );
  const before = await balance(page);
  const dialog = await openPurchase(page);
  await dialog.getByRole("button", { name: "Purchase", exact: true }).click();
  await expect(
    dialog.getByText("Your card has insufficient funds. Nothing was charged and no credits were added."),
  ).toBeVisible();
  await expect(dialog.getByRole("button", { name: "Use another card" })).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  expect(await balance(page)).toBe(before);
  expect(errors).toEqual([]);
});

test("an unfinished checkout is resumed or cancelled from the Credits card; paying shows one confirmation", async ({
  page,
}) => {
  const errors = collectErrors(page);
  const slug = await starterWorkspace(page, "Otto Open");
  const billing = `/w/${slug}/settings/billing`;
  await page.goto(billing);

  // Start a checkout and walk away from it.
  let dialog = await openPurchase(page);
  await dialog.getByRole("button", { name: "Continue to payment" }).click();
  await page.waitForURL(/\/test-checkout\//);
  await page.goto(billing);
  const open = creditsCard(page).getByTestId("open-checkout");
  await expect(open).toContainText("5,000 credits for $50.00 not paid yet");

  // Resume: the same checkout; a declined card leaves it open and says so on the card.
  await open.getByRole("button", { name: "Resume payment" }).click();
  await page.waitForURL(/\/test-checkout\//);
  await page.getByRole("button", { name: /4000 0000 0000 0002/ }).click();
  await page.getByRole("button", { name: "Pay $50.00" }).click();
  await expect(page.getByTestId("decline-message")).toHaveText("Your card was declined.");
  await page.goto(billing);
  await expect(open).toContainText("Last card tried: Your card was declined.");

  // Cancel: it is gone and nothing was charged (no "Payment failed" is raised either: the
  // integration tests check the credit events).
  const before = await balance(page);
  await open.getByRole("button", { name: "Cancel" }).click();
  await expect(open).toHaveCount(0);
  expect(await balance(page)).toBe(before);

  // A new checkout paid after a decline: one confirmation, and no failure left behind.
  dialog = await openPurchase(page);
  await dialog.getByRole("button", { name: "Continue to payment" }).click();
  await page.waitForURL(/\/test-checkout\//);
  await page.getByRole("button", { name: /4000 0000 0000 9995/ }).click();
  await page.getByRole("button", { name: "Pay $50.00" }).click();
  await expect(page.getByTestId("decline-message")).toHaveText("Your card has insufficient funds.");
  await page.getByRole("button", { name: /4242 4242 4242 4242/ }).click();
  await page.getByRole("button", { name: "Pay $50.00" }).click();
  await page.waitForURL(/\/settings\/billing\?purchase=[0-9a-f-]{36}$/);
  await expect(page.getByTestId("purchase-notice")).toContainText(
    "Payment received: 5,000 credits for $50.00",
  );
  await expect(page.getByText(/Payment received/)).toHaveCount(1);
  await expect(page.locator("[data-sonner-toast]")).toHaveCount(0);
  await expect(creditsCard(page).getByTestId("open-checkout")).toHaveCount(0);
  expect(errors).toEqual([]);
});

test("the test-mode portal lists plan invoices beside credit purchases", async ({ page }) => {
  const errors = collectErrors(page);
  const slug = await starterWorkspace(page, "Ines Invoice");
  await page.goto(`/w/${slug}/settings/billing`);
  await page
    .getByRole("region", { name: "Payment methods & invoices" })
    .getByRole("button", { name: "Manage billing" })
    .click();
  await page.waitForURL(`/w/${slug}/settings/billing/test-portal`);
  const plans = page.getByRole("region", { name: "Plan invoices" });
  await expect(plans.getByTestId("plan-invoice")).toHaveCount(1);
  await expect(plans.getByTestId("plan-invoice")).toContainText("Starter plan · Monthly");
  await expect(plans.getByTestId("plan-invoice")).toContainText("$19.00");
  await expect(plans.getByTestId("plan-invoice")).toContainText("Paid");
  expect(errors).toEqual([]);
});

test.describe("on a phone", () => {
  test.use({ viewport: { width: 390, height: 844 } });
  test("Payment methods fit the screen", async ({ page }) => {
    const slug = await starterWorkspace(page, "Pia Phone");
    await page.goto(`/w/${slug}/settings/billing`);
    await addTestCard(page, /4242.*Payments succeed/);
    const card = paymentMethods(page).getByRole("listitem", { name: "Visa •••• 4242" });
    await expect(card).toContainText("Default");
    const box = await card.boundingBox();
    expect(box && box.x + box.width).toBeLessThanOrEqual(390);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(390);
  });
});
