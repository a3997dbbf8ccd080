import { expect, test, type Page } from "@playwright/test";
import { enterpriseWorkspace } from "./workspaces";
import { collectErrors, DEMO, signIn, signUp, uniqueEmail } from "./fixtures";

const DAY_MS = 86_400_000;

/** The Subscription row of the Credits card's balance by credit type (opening the breakdown if it is folded). */
async function expectSubscriptionCredits(page: Page, slug: string, expected: string) {
  await page.goto(`/w/${slug}`);
  await expect(page.getByTestId("current-balance")).toBeVisible();
  const toggle = page.getByRole("button", { name: "Breakdown by type" });
  if ((await toggle.count()) > 0 && (await toggle.getAttribute("aria-expanded")) !== "true") {
    await toggle.click();
  }
  const row = page
    .locator("dl > div")
    .filter({ has: page.locator("dt", { hasText: /^Subscription$/ }) })
    .first();
  await expect(row.locator("dd").first()).toHaveText(expected);
  const balance = Number((await page.getByTestId("current-balance").innerText()).replace(/\D/g, ""));
  expect(balance).toBeGreaterThanOrEqual(Number(expected.replace(/\D/g, "")));
}

test("an owner on Free starts Starter, upgrades to Pro, schedules a downgrade, cancels and resumes", async ({
  page,
}) => {
  const errors = collectErrors(page);
  const slug = await signUp(page, {
    name: "Paula Planner",
    email: uniqueEmail("plan"),
    workspaceName: `Plan Studio ${Date.now()}`,
  });

  await page.goto(`/w/${slug}/settings/billing`);
  await expect(page.getByRole("heading", { name: "Credits & Billing", level: 1 })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Plan", level: 2, exact: true })).toBeVisible();
  await expect(page.getByTestId("plan-name")).toHaveText("Free");
  await expect(page.getByTestId("plan-status")).toHaveText("No subscription");
  await expect(page.getByTestId("free-daily-credits")).toContainText(
    "Free: 100 free credits every day, expiring at midnight (",
  );
  // Stripe is not configured in the e2e run: the page says plainly that no money moves.
  await expect(page.getByRole("note", { name: "Test mode" }).first()).toBeVisible();

  // Starter, monthly: the summary says what happens to credits before anything changes.
  await expect(page.getByRole("radio", { name: /^Monthly/ })).toBeChecked();
  await page.getByRole("button", { name: "Choose Starter" }).click();
  const start = page.getByRole("dialog", { name: "Start the Starter plan?" });
  await expect(start.getByTestId("plan-change-summary")).toContainText(
    "You get 10,000 credits at once, and 10,000 more on the same day each month.",
  );
  await expect(start.getByTestId("plan-change-when")).toHaveText(
    "When it applies: Today, once the payment goes through.",
  );
  await expect(start.getByRole("note", { name: "Test mode" })).toBeVisible();
  await expect(page.getByTestId("plan-name")).toHaveText("Free");
  await start.getByRole("button", { name: "Start Starter" }).click();
  await expect(start).toBeHidden();

  await expect(page.getByTestId("plan-name")).toHaveText("Starter");
  await expect(page.getByTestId("plan-status")).toHaveText("Active");
  await expect(page.getByTestId("plan-interval")).toContainText("Monthly");
  const nextGrant = page.getByTestId("next-grant");
  await expect(nextGrant).toContainText("10,000 credits");
  const grantAt = Date.parse((await nextGrant.locator("time").getAttribute("datetime")) ?? "");
  const daysOut = (grantAt - Date.now()) / DAY_MS;
  expect(daysOut).toBeGreaterThan(27);
  expect(daysOut).toBeLessThan(32);
  await expect(page.getByRole("button", { name: "Starter: Current plan" })).toBeDisabled();

  await expectSubscriptionCredits(page, slug, "10,000");

  // Upgrade: the difference for the rest of this month.
  await page.goto(`/w/${slug}/settings/billing`);
  await page.getByRole("button", { name: "Upgrade to Pro" }).click();
  const upgrade = page.getByRole("dialog", { name: "Upgrade to Pro?" });
  await expect(upgrade.getByTestId("plan-change-summary")).toContainText(
    "You get the 40,000 credits of difference for the rest of this month",
  );
  await expect(upgrade.getByTestId("plan-change-when")).toHaveText("When it applies: Today.");
  await expect(upgrade.getByTestId("plan-change-auto-top-up")).toHaveCount(0);
  await upgrade.getByRole("button", { name: "Upgrade to Pro" }).click();
  await expect(upgrade).toBeHidden();
  await expect(page.getByTestId("plan-name")).toHaveText("Pro");
  await expect(page.getByTestId("next-grant")).toContainText("50,000 credits");

  await expectSubscriptionCredits(page, slug, "50,000");

  // Downgrade: waits for the next monthly grant; "Keep Pro" calls it off.
  await page.goto(`/w/${slug}/settings/billing`);
  await page.getByRole("button", { name: "Downgrade to Starter" }).click();
  const downgrade = page.getByRole("dialog", { name: "Downgrade to Starter?" });
  // One statement of when, with the date formatted as everywhere else (never an ISO date).
  await expect(downgrade.getByTestId("plan-change-summary")).toHaveText(
    "This month's credits are not touched; then 10,000 credits each month.",
  );
  await expect(downgrade.getByTestId("plan-change-when")).toHaveText(
    /^When it applies: On [A-Z][a-z]{2} \d{1,2}, \d{4}, at your next monthly grant\.$/,
  );
  await expect(downgrade).not.toContainText(/\d{4}-\d{2}-\d{2}/);
  await downgrade.getByRole("button", { name: "Schedule downgrade" }).click();
  await expect(downgrade).toBeHidden();
  await expect(page.getByTestId("plan-name")).toHaveText("Pro");
  await expect(page.getByTestId("pending-downgrade")).toContainText(
    "Starter starts with the next monthly grant",
  );
  await expect(page.getByTestId("next-grant")).toContainText("10,000 credits");
  await page.getByRole("button", { name: "Keep Pro" }).click();
  const keep = page.getByRole("dialog", { name: "Keep Pro?" });
  await expect(keep.getByTestId("plan-change-summary")).toContainText(
    "The downgrade to Starter is called off",
  );
  await keep.getByRole("button", { name: "Keep Pro" }).click();
  await expect(keep).toBeHidden();
  await expect(page.getByTestId("pending-downgrade")).toBeHidden();
  await expect(page.getByTestId("next-grant")).toContainText("50,000 credits");

  // Cancel at the end of the term, then resume.
  await page.getByRole("button", { name: "Cancel subscription" }).click();
  const cancel = page.getByRole("alertdialog", { name: "Cancel your Pro subscription?" });
  await expect(cancel).toContainText("Credits already granted stay until they expire");
  await expect(cancel).toContainText("only on what the Free plan allows");
  await cancel.getByRole("button", { name: "Cancel subscription" }).click();
  await expect(cancel).toBeHidden();
  await expect(page.getByTestId("plan-status")).toHaveText("Cancels at the end of the term");
  await expect(page.getByText("Ends on", { exact: true })).toBeVisible();

  await page.getByRole("button", { name: "Resume subscription" }).click();
  await expect(page.getByTestId("plan-status")).toHaveText("Active");
  await expect(page.getByRole("button", { name: "Cancel subscription" })).toBeVisible();

  expect(errors).toEqual([]);
});

test("a member of Northwind gets the forbidden notice on Credits & Billing, also by the old plan URL", async ({
  page,
}) => {
  const errors = collectErrors(page);
  await signIn(page, DEMO.member.email);
  await page.goto(`/w/${DEMO.workspace.slug}/settings/plan`);
  await expect(page).toHaveURL(`/w/${DEMO.workspace.slug}/settings/billing#plan`);
  await expect(page.getByTestId("forbidden-notice")).toBeVisible();
  await expect(page.getByRole("heading", { name: "Credits & Billing" })).toBeVisible();
  await expect(page.getByTestId("current-plan")).toHaveCount(0);
  await expect(page.getByRole("button", { name: /^(Choose|Upgrade|Downgrade)/ })).toHaveCount(0);
  expect(errors).toEqual([]);
});

test("leaving Enterprise says, once and with a formatted date, when the change applies and that auto top-up stops", async ({
  page,
}) => {
  const errors = collectErrors(page);
  const { slug } = await enterpriseWorkspace(page, "Ezra Exit");
  await page.goto(`/w/${slug}/settings/billing`);

  const downgrade = page.getByRole("dialog", { name: "Downgrade to Pro?" });
  // A click that lands before the page is interactive opens nothing: click until the dialog is up.
  await expect(async () => {
    await page.getByRole("button", { name: "Downgrade to Pro" }).click({ timeout: 2_000 });
    await expect(downgrade).toBeVisible({ timeout: 2_000 });
  }).toPass();
  const date = /[A-Z][a-z]{2} \d{1,2}, \d{4}/.source;
  await expect(downgrade.getByTestId("plan-change-when")).toHaveText(
    new RegExp(`^When it applies: On ${date}, at your next monthly grant\\.$`),
  );
  await expect(downgrade.getByTestId("plan-change-auto-top-up")).toHaveText(
    new RegExp(
      `^Auto top-up: Auto top-up stops on ${date}: only Enterprise includes it\\. Buying credits by hand keeps working\\.$`,
    ),
  );
  // The date is said once (in "When it applies"), never as an ISO date.
  await expect(downgrade.getByTestId("plan-change-summary")).not.toContainText(/\d{4}/);
  await expect(downgrade).not.toContainText(/\d{4}-\d{2}-\d{2}/);
  await downgrade.getByRole("button", { name: "Cancel" }).click();
  await expect(downgrade).toBeHidden();

  // Cancelling Enterprise says auto top-up stops with it.
  await page.getByRole("button", { name: "Cancel subscription" }).click();
  const cancel = page.getByRole("alertdialog", { name: "Cancel your Enterprise subscription?" });
  await expect(cancel).toContainText(
    "Auto top-up stops then: only an active Enterprise subscription includes it.",
  );
  await cancel.getByRole("button", { name: "Keep subscription" }).click();
  expect(errors).toEqual([]);
});
