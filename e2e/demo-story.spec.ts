import { expect } from "@playwright/test";
import { collectErrors, DEMO, signIn, test } from "./fixtures";

// The first run tells its story: a team whose balance is low, a purchase the card declined, a member
// close to their limit, and 90 days of usage to look at.
const base = `/w/${DEMO.workspace.slug}`;

test("the demo shows a low balance, a declined purchase, a member near their limit and 90 days of usage", async ({
  page,
}) => {
  const errors = collectErrors(page);
  await signIn(page, DEMO.owner.email);

  await page.goto(`${base}/settings/billing`);
  await expect(page.getByTestId("low-balance-badge").first()).toHaveText("Low Balance");

  await page.goto(`${base}/settings/billing/test-portal`);
  const declined = page.getByTestId("invoice").and(page.locator('[data-status="failed"]'));
  await expect(declined.first()).toContainText("Your card has insufficient funds.");

  await page.goto(`${base}/settings/members?view=access`);
  // Leo has used most of his monthly limit.
  const leo = page
    .getByRole("table", { name: "Manage Access" })
    .getByTestId("member-row")
    .filter({ hasText: DEMO.nearLimitMember.name });
  const used = Number((await leo.getByTestId("member-used").innerText()).replace(/[^0-9]/g, ""));
  const limit = Number((await leo.getByTestId("member-limit").innerText()).replace(/[^0-9]/g, ""));
  expect(used / limit).toBeGreaterThan(0.75);

  await page.goto(`${base}/analytics?range=90d`);
  await expect(page.getByRole("heading", { level: 1, name: "Analytics" })).toBeVisible();
  const total = Number((await page.getByTestId("total-credits").first().innerText()).replace(/[^0-9]/g, ""));
  expect(total).toBeGreaterThan(10_000);
  expect(errors).toEqual([]);
});
