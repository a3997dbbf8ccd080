// Issue 17, point 10 (and 14f): a declined auto top-up is said on the Credits card and the Overview,
// with the reason, Update card and Retry now; the forecast counts today's spending; saving auto
// top-up says so in a toast.
import { expect, test, type Page } from "@playwright/test";
import { createApiKey, spendVideos } from "./auto-top-up-helpers";
import { enterpriseWorkspace } from "./workspaces";
import { collectErrors } from "./fixtures";

/** Picks a test card in the Auto Top Up dialog's card picker. */
async function pickTestCard(page: Page, card: RegExp) {
  const dialog = page.getByRole("dialog", { name: "Auto Top Up" });
  await dialog.getByRole("button", { name: /^(Add a card|Change card)$/ }).click();
  await dialog.getByRole("button", { name: card }).click();
}

test("a declined auto top-up: the banner's reason, Update card and Retry now on the billing page and the Overview", async ({
  page,
  request,
}) => {
  test.setTimeout(150_000);
  const errors = collectErrors(page);
  const { slug, email } = await enterpriseWorkspace(page, "Dana Declined");

  // Switch auto top-up on with the test card that is always declined; Save says so in a toast.
  await page.goto(`/w/${slug}/settings/billing`);
  const section = page.getByTestId("auto-top-up-section");
  await section.getByRole("button", { name: "Enable" }).click();
  const dialog = page.getByRole("dialog", { name: "Auto Top Up" });
  await pickTestCard(page, /9995.*Declined: insufficient funds/);
  await expect(dialog.getByTestId("auto-top-up-card")).toContainText("9995");
  await dialog.getByLabel("Purchase this amount").fill("250,000");
  await dialog.getByLabel("When credits are below").fill("249,500");
  await dialog.getByRole("button", { name: "Save" }).click();
  await expect(dialog).toBeHidden();
  await expect(
    page.getByText(
      /^Auto top-up saved: when credits fall below 249,500, 250,000 credits are bought for \$[\d,.]+\.$/,
    ),
  ).toBeVisible();

  // Spend below the threshold through the API: the worker's charge is declined.
  await spendVideos(request, await createApiKey(page, slug), email, 2);
  await page.goto(`/w/${slug}/settings/billing`);
  const card = page.getByRole("region", { name: "Credits", exact: true });
  const banner = card.getByRole("region", { name: "Auto top-up declined" });
  await expect(async () => {
    await page.reload();
    await expect(banner).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 45_000 });
  await expect(banner).toContainText("Reason: Declined: insufficient funds.");
  await expect(banner.getByRole("link", { name: "Update card" })).toBeVisible();
  await expect(banner.getByRole("button", { name: "Retry now" })).toBeVisible();

  // The card does not contradict itself: 800 credits were spent today, and the forecast counts them.
  const forecast = card.getByTestId("forecast");
  await expect(forecast).not.toContainText("No credits used");
  await expect(forecast).toContainText("the average of the last 14 days (today included)");
  await expect(card.getByTestId("forecast-auto-top-up")).not.toHaveText(/^Not in the next/);

  // The Overview says it too, at 390 px as well as at 1280.
  await page.goto(`/w/${slug}`);
  const overviewBanner = page.getByRole("region", { name: "Auto top-up declined" });
  await expect(overviewBanner).toContainText("Reason: Declined: insufficient funds.");
  await page.setViewportSize({ width: 390, height: 844 });
  await expect(overviewBanner.getByRole("button", { name: "Retry now" })).toBeInViewport({ ratio: 1 });
  await expect(overviewBanner.getByRole("link", { name: "Update card" })).toBeInViewport({ ratio: 1 });
  await page.setViewportSize({ width: 1280, height: 900 });

  // Retry now with the same card: declined again, and the banner says why.
  await overviewBanner.getByRole("button", { name: "Retry now" }).click();
  await expect(overviewBanner.getByRole("alert")).toHaveText(
    "The retry did not go through either (declined: insufficient funds). Update the card, then retry.",
  );

  // Update card opens the Auto Top Up dialog on the billing page; a working card, then Retry now.
  await overviewBanner.getByRole("link", { name: "Update card" }).click();
  await expect(page).toHaveURL(`/w/${slug}/settings/billing?update-card=1`);
  await expect(dialog).toBeVisible();
  await pickTestCard(page, /4242.*Payments succeed/);
  await expect(dialog.getByTestId("auto-top-up-card")).toContainText("4242");
  await dialog.getByRole("button", { name: "Save" }).click();
  await expect(dialog).toBeHidden();
  await expect(page).toHaveURL(`/w/${slug}/settings/billing`);
  await banner.getByRole("button", { name: "Retry now" }).click();
  await expect(page.getByText(/^Auto top-up (added|is buying) 250,000 credits/)).toBeVisible();
  await expect(async () => {
    await page.reload();
    await expect(section.getByTestId("auto-top-up-last-attempt")).toContainText("Added 250,000 credits", {
      timeout: 1_000,
    });
  }).toPass({ timeout: 30_000 });
  await expect(banner).toHaveCount(0);
  await page.goto(`/w/${slug}`);
  await expect(page.getByRole("region", { name: "Auto top-up declined" })).toHaveCount(0);
  expect(errors).toEqual([]);
});
