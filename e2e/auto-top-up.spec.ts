import { expect, test } from "@playwright/test";
import { createApiKey, spendVideos } from "./auto-top-up-helpers";
import { enterpriseWorkspace, upgradeToEnterprise } from "./workspaces";
import { DEMO, collectErrors, signIn, signUp, uniqueEmail } from "./fixtures";

test.describe("Auto top-up", () => {
  test("an Enterprise owner switches it on with a test card, spends below the threshold through the API, and the top-up arrives", async ({
    page,
    request,
  }) => {
    test.setTimeout(120_000);
    const errors = collectErrors(page);
    const email = uniqueEmail("autotopup");
    const slug = await signUp(page, {
      name: "Ada Autotop",
      email,
      workspaceName: `Auto Studio ${Date.now()}`,
    });

    // Free explains it is an Enterprise feature, with the way to the plan page.
    await page.goto(`/w/${slug}/settings/billing`);
    const section = page.getByTestId("auto-top-up-section");
    await expect(section).toContainText("Auto top-up is available on the Enterprise plan");
    await expect(section.getByRole("link", { name: "See the Enterprise plan" })).toHaveAttribute(
      "href",
      `/w/${slug}/settings/billing#plan`,
    );
    await expect(section.getByRole("button", { name: "Enable" })).toHaveCount(0);

    // Upgrade through the test-mode plan flow.
    await upgradeToEnterprise(page, slug);

    await page.goto(`/w/${slug}/settings/billing`);
    await expect(section.getByTestId("auto-top-up-state")).toHaveText("Off");
    await section.getByRole("button", { name: "Enable" }).click();
    const dialog = page.getByRole("dialog", { name: "Auto Top Up" });
    await expect(dialog.getByRole("switch", { name: "Enable auto top up" })).toHaveAttribute(
      "aria-checked",
      "true",
    );

    // No card yet: Save says so at the card.
    await dialog.getByRole("button", { name: "Save" }).click();
    await expect(dialog.getByText("Add a card to charge for auto top-ups")).toBeVisible();

    // The test-mode card picker stands in for Stripe Elements.
    await dialog.getByRole("button", { name: "Add a card" }).click();
    await expect(dialog.getByText("Test mode", { exact: true })).toBeVisible();
    await page.screenshot({ path: "test-results/auto-top-up-test-cards.png" });
    await dialog.getByRole("button", { name: /4242.*Payments succeed/ }).click();
    await expect(dialog.getByTestId("auto-top-up-card")).toContainText("4242");

    // A threshold above the purchase amount is refused with the field's own message.
    await dialog.getByLabel("Purchase this amount").fill("100,000");
    await dialog.getByLabel("When credits are below").fill("150,000");
    await expect(dialog.getByTestId("auto-top-up-price")).toHaveText("$900.00");
    await dialog.getByRole("button", { name: "Save" }).click();
    await expect(
      dialog.getByText("Set the threshold at or below the purchase amount (100,000 credits)"),
    ).toBeVisible();

    // The Enterprise grant is 250,000 (plus today's free credits): a threshold just under it.
    await dialog.getByLabel("Purchase this amount").fill("250,000");
    await dialog.getByLabel("When credits are below").fill("249,000");
    // Volume pricing: 250,000 credits at 0.9¢ each, with the saving against list price.
    await expect(dialog.getByTestId("auto-top-up-price")).toHaveText("$2,250.00");
    await expect(dialog.getByTestId("auto-top-up-price-saving")).toContainText(
      "Save $250.00 (10%) on the list price of $2,500.00.",
    );
    await dialog.getByLabel("Monthly cap in USD (optional)").fill("5000");
    await dialog.getByRole("button", { name: "Save" }).click();
    await expect(dialog).toBeHidden();
    await expect(section.getByTestId("auto-top-up-state")).toHaveText("On");
    await expect(section).toContainText(
      "When credits fall below 249,000, buy 250,000 credits for $2,250.00.",
    );
    await expect(section.getByTestId("auto-top-up-spend")).toHaveText("$0.00 of $5,000.00 cap");

    // Spend 4 × 400 = 1,600 credits in parallel through the API: the balance falls below 249,000.
    const key = await createApiKey(page, slug);
    await spendVideos(request, key, email, 4);

    // The worker charges the test card and the success webhook adds the credits: one top-up.
    await page.goto(`/w/${slug}/settings/billing`);
    const autoTopUps = page.getByTestId("recent-transaction").and(page.locator('[data-code="auto_top_up"]'));
    // The credits land first, then the attempt is marked paid: wait for both.
    await expect(async () => {
      await page.reload();
      await expect(autoTopUps).toHaveCount(1, { timeout: 2_000 });
      await expect(section.getByTestId("auto-top-up-last-attempt")).toContainText("Added", {
        timeout: 1_000,
      });
    }).toPass({ timeout: 45_000 });
    await expect(autoTopUps.first()).toContainText("Auto top-up");
    await expect(autoTopUps.first()).toContainText("+250,000");
    await expect(section.getByTestId("auto-top-up-last-attempt")).toContainText(
      "Added 250,000 credits for $2,250.00",
    );
    await expect(section.getByTestId("auto-top-up-spend")).toHaveText("$2,250.00 of $5,000.00 cap");
    // The owner hears of it in the bell: the balance crossed the threshold, and the top-up added credits.
    await page.getByRole("button", { name: /^Notifications,/ }).click();
    const feed = page.getByRole("menu", { name: "Notifications" });
    await expect(
      feed.getByTestId("notification-item").filter({ hasText: "Auto top-up added credits" }),
    ).toHaveCount(1);
    await expect(feed.getByTestId("notification-item").filter({ hasText: "Balance is low" })).toHaveCount(1);
    await page.keyboard.press("Escape");
    await page.screenshot({ path: "test-results/auto-top-up-done.png", fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: "test-results/auto-top-up-mobile.png", fullPage: true });
    await section.getByRole("button", { name: "Manage" }).click();
    await page.screenshot({ path: "test-results/auto-top-up-dialog-mobile.png" });
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.screenshot({ path: "test-results/auto-top-up-dialog.png" });
    expect(errors).toEqual([]);
  });

  test("a card that needs authentication: the owner follows the link and completes it", async ({
    page,
    request,
  }) => {
    test.setTimeout(120_000);
    const errors = collectErrors(page);
    const { slug, email } = await enterpriseWorkspace(page, "Aiko Authn");
    await page.goto(`/w/${slug}/settings/billing`);
    const section = page.getByTestId("auto-top-up-section");
    await section.getByRole("button", { name: "Enable" }).click();
    const dialog = page.getByRole("dialog", { name: "Auto Top Up" });
    await dialog.getByRole("button", { name: "Add a card" }).click();
    await dialog.getByRole("button", { name: /3184.*Requires authentication/ }).click();
    await expect(dialog.getByTestId("auto-top-up-card")).toContainText("3184");
    await dialog.getByLabel("When credits are below").fill("249,500");
    await dialog.getByLabel("Purchase this amount").fill("250,000");
    await dialog.getByRole("button", { name: "Save" }).click();
    await expect(dialog).toBeHidden();

    await spendVideos(request, await createApiKey(page, slug), email, 2);
    await page.goto(`/w/${slug}/settings/billing`);
    const lastAttempt = section.getByTestId("auto-top-up-last-attempt");
    await expect(async () => {
      await page.reload();
      await expect(lastAttempt).toContainText("The bank asked for authentication", { timeout: 1_000 });
    }).toPass({ timeout: 45_000 });
    await lastAttempt.getByRole("link", { name: "Finish the payment" }).click();

    await expect(page.getByRole("heading", { level: 1, name: "Finish auto top-up payment" })).toBeVisible();
    await expect(page.getByRole("note", { name: "Test mode" })).toBeVisible();
    await page.screenshot({ path: "test-results/auto-top-up-authenticate.png", fullPage: true });
    await page.getByRole("button", { name: "Complete authentication" }).click();
    await expect(page.getByText("Paid: 250,000 credits were added to the balance.")).toBeVisible();

    await page.goto(`/w/${slug}/settings/billing`);
    await expect(lastAttempt).toContainText("Added 250,000 credits");
    await expect(
      page.getByTestId("recent-transaction").and(page.locator('[data-code="auto_top_up"]')),
    ).toHaveCount(1);
    expect(errors).toEqual([]);
  });

  test("on Pro the section explains auto top-up is Enterprise only and offers no Enable", async ({
    page,
  }) => {
    await signIn(page, DEMO.owner.email);
    await page.goto(`/w/${DEMO.workspace.slug}/settings/billing`);
    const section = page.getByTestId("auto-top-up-section");
    await expect(section).toContainText("Auto top-up is available on the Enterprise plan");
    await expect(section.getByRole("button", { name: "Enable" })).toHaveCount(0);
  });
});
