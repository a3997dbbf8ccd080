import { expect, test, type Locator } from "@playwright/test";
import { collectErrors, DEMO, signIn } from "./fixtures";

/** Picks the option of a rate select that costs `credits` per result. */
async function selectRateCosting(select: Locator, credits: string) {
  const option = select.locator("option", { hasText: new RegExp(`— ${credits} credits`) }).first();
  const value = await option.getAttribute("value");
  expect(value).toBeTruthy();
  await select.selectOption(value ?? "");
}

test("signed out, /pricing shows the plans, the rate card with Pro models and a working estimator", async ({
  page,
}) => {
  const errors = collectErrors(page);
  await page.goto("/pricing");
  await expect(page.getByRole("heading", { name: "Pricing", level: 1 })).toBeVisible();
  await expect(page.getByRole("link", { name: "Sign in" })).toBeVisible();

  const plans = page.getByRole("region", { name: "Plans" });
  for (const name of ["Free", "Starter", "Pro", "Enterprise"]) {
    await expect(plans.getByRole("columnheader", { name, exact: true })).toBeVisible();
  }

  const rateCard = page.getByRole("region", { name: "Rate card" });
  for (const tool of ["Image", "Video", "Upscale", "Edit"]) {
    await expect(rateCard.getByRole("heading", { name: tool, exact: true })).toBeVisible();
  }
  const proRow = rateCard.getByTestId("rate-row").filter({ hasText: "imagine-pro" }).first();
  await expect(proRow.getByText("Pro", { exact: true })).toBeVisible();
  const standardRow = rateCard.getByTestId("rate-row").filter({ hasText: "imagine-standard" }).first();
  await expect(standardRow.getByText("Pro", { exact: true })).toHaveCount(0);

  // The example from "Understanding credits": 30 images at 24 and 10 videos at 210 over 22 days.
  const estimator = page.getByRole("region", { name: "Credit estimator" });
  await estimator.getByLabel("Images per day").fill("30");
  await selectRateCosting(estimator.getByLabel("Image model"), "24");
  await estimator.getByLabel("Videos per day").fill("10");
  await selectRateCosting(estimator.getByLabel("Video model and settings"), "210");
  await estimator.getByLabel("Working days a month").fill("22");
  await estimator.getByLabel("Buffer").fill("20");

  const estimate = estimator.getByRole("region", { name: "Estimate" });
  await expect(estimate.getByText("30 × 22 = 660 images × 24 = 15,840")).toBeVisible();
  await expect(estimate.getByText("10 × 22 = 220 videos × 210 = 46,200")).toBeVisible();
  await expect(estimate.getByTestId("estimate-subtotal")).toHaveText("62,040");
  await expect(estimate.getByTestId("estimate-buffer")).toHaveText("12,408");
  await expect(estimate.getByTestId("estimate-total")).toHaveText("74,448");
  await expect(estimate.getByTestId("suggested-plan")).toHaveText("Enterprise");

  // Live as you type: fewer videos fit a smaller plan.
  await estimator.getByLabel("Videos per day").fill("1");
  await expect(estimate.getByTestId("estimate-subtotal")).toHaveText("20,460");
  await expect(estimate.getByTestId("estimate-total")).toHaveText("24,552");
  await expect(estimate.getByTestId("suggested-plan")).toHaveText("Pro");

  expect(errors).toEqual([]);
});

test("the estimator explains bad input and workloads larger than any plan; signed in, pricing links back", async ({
  page,
}) => {
  const errors = collectErrors(page);
  await signIn(page, DEMO.owner.email);
  await page.goto("/pricing");
  await expect(page.getByRole("link", { name: "Back to the app" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Sign in" })).toHaveCount(0);

  const estimator = page.getByRole("region", { name: "Credit estimator" });
  const images = estimator.getByLabel("Images per day");
  await images.fill("");
  await expect(estimator.getByText("Enter a whole number.")).toBeVisible();
  await expect(images).toHaveAttribute("aria-invalid", "true");
  await expect(
    estimator.getByText("Enter a whole number in Images per day to see the estimate."),
  ).toBeVisible();

  // Too many is a maximum, and is said as one (it once said "Enter whole numbers" for 100000).
  await images.fill("100000");
  await expect(estimator.getByText("The most is 10,000.")).toBeVisible();
  await expect(
    estimator.getByText("Images per day can be at most 10,000: lower it to see the estimate."),
  ).toBeVisible();
  await expect(estimator.getByText(/whole number/)).toHaveCount(0);

  // A workload the free 100 credits a day cover: stay on Free, not Starter.
  await images.fill("2");
  await selectRateCosting(estimator.getByLabel("Image model"), "24");
  await estimator.getByLabel("Videos per day").fill("0");
  const small = estimator.getByRole("region", { name: "Estimate" });
  await expect(small.getByTestId("suggested-plan")).toHaveText("Stay on Free");
  await expect(small.getByTestId("estimate-free")).toContainText("The 100 free credits every day cover the");

  await images.fill("30");
  await estimator.getByLabel("Videos per day").fill("1000");
  const estimate = estimator.getByRole("region", { name: "Estimate" });
  await expect(estimate.getByTestId("suggested-plan")).toHaveText("Enterprise");
  await expect(estimate.getByTestId("estimate-shortfall")).toContainText("to cover with top-ups");

  await page.getByRole("link", { name: "Back to the app" }).click();
  await expect(page).toHaveURL(/\/w\/[a-z0-9-]+$/);
  expect(errors).toEqual([]);
});
