// Issue 17, point 9: a new workspace opens with today's free credits, not on a warning.
import { expect, test } from "@playwright/test";
import { collectErrors, signUp, uniqueEmail } from "./fixtures";

test.describe("a new Free workspace", () => {
  for (const [device, width] of [
    ["desktop", 1280],
    ["phone", 390],
  ] as const) {
    test(`opens with its 100 free credits and no Low Balance badge (${device})`, async ({ page }) => {
      const errors = collectErrors(page);
      await page.setViewportSize({ width, height: 900 });
      const slug = await signUp(page, {
        name: "Nora Newcomer",
        email: uniqueEmail("newws"),
        workspaceName: `Fresh Studio ${Date.now()}`,
      });

      // The Overview, straight after sign-up: no waiting for the credit clock.
      await expect(page).toHaveURL(`/w/${slug}`);
      await expect(page.getByTestId("current-balance")).toHaveText(/^100( credits)?$/);
      await expect(page.getByText("Low Balance", { exact: true })).toHaveCount(0);

      // The Credits card on the billing page says the same, with the Free plan's default threshold.
      await page.goto(`/w/${slug}/settings/billing`);
      const card = page.getByRole("region", { name: "Credits", exact: true });
      await expect(card.getByTestId("current-balance")).toHaveText(/^100( credits)?$/);
      await expect(card.getByTestId("low-balance-badge")).toHaveCount(0);
      const alert = page.getByRole("region", { name: "Low Balance alert" });
      await expect(alert.getByLabel("Warn when credits are at or below")).toHaveValue("20");

      // The plan page agrees that today's credits are already here.
      await page.goto(`/w/${slug}/settings/billing`);
      await expect(page.getByTestId("free-credits-today")).toContainText("Today's 100 have arrived");
      expect(errors).toEqual([]);
    });
  }
});
