import { expect, test, type Locator } from "@playwright/test";
import { collectErrors, DEMO, signIn } from "./fixtures";

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

/** A figure that is only shown when it is not zero. */
async function readOptionalCredits(locator: Locator): Promise<number> {
  return (await locator.count()) === 0 ? 0 : readCredits(locator);
}

test("signed out, the front door is the sign-in page", async ({ page }) => {
  await page.goto("/");
  await expect(page).toHaveURL("/sign-in");
  await expect(page.getByRole("heading", { level: 1, name: "Sign in to Creditpool" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Create an account" })).toHaveAttribute("href", "/sign-up");
});

test("the owner's overview shows the workspace's Credits card, and its figures add up", async ({ page }) => {
  const errors = collectErrors(page);
  await signIn(page, DEMO.owner.email);
  await expect(page).toHaveURL(`/w/${DEMO.workspace.slug}`);

  await expect(page.getByRole("banner")).toContainText("Creditpool");
  await expect(page.getByRole("heading", { level: 1, name: "Overview" })).toBeVisible();

  // The same Credits card as on Credits & Billing.
  const card = page.getByRole("region", { name: "Credits", exact: true });
  await expect(card).toBeVisible();
  await expect(card.getByTestId("credits-card-plan")).toHaveText("Pro plan");

  // The figures must add up: what came in, minus what went out, is what is left.
  const balance = await readCredits(card.getByTestId("current-balance"));
  const added = await readCredits(card.getByTestId("lifetime-added"));
  const spent = await readCredits(card.getByTestId("lifetime-spent"));
  const expired = await readOptionalCredits(card.getByTestId("lifetime-expired"));
  const held = await readOptionalCredits(card.getByTestId("held"));
  expect(balance).toBeGreaterThan(0);
  expect(Number.isSafeInteger(balance)).toBe(true);
  expect(spent).toBeGreaterThan(0);
  expect(added - spent - expired - held).toBe(balance);

  await expect(card.getByRole("heading", { name: "Recent Transactions" })).toBeVisible();
  const table = card.getByRole("table", { name: "Recent Transactions" });
  const rows = table.locator("tbody tr");
  await expect(rows).toHaveCount(5);

  const amounts: number[] = [];
  const balances: number[] = [];
  for (const row of await rows.all()) {
    amounts.push(await readCredits(row.getByTestId("transaction-amount")));
    balances.push(await readCredits(row.getByTestId("transaction-balance")));
  }
  // Newest first: each running balance is the one before it plus the entry's amount.
  for (let i = 0; i < balances.length - 1; i += 1) {
    expect(balances[i]).toBe(balances[i + 1]! + amounts[i]!);
  }
  // The newest entry's balance is what is available plus what is held.
  expect(balances[0]).toBe(balance + held);

  // Owners see every part of the workspace's navigation.
  const nav = page.getByRole("navigation", { name: "Workspace" });
  for (const link of ["Overview", "My usage", "General", "Members", "Audit log"]) {
    await expect(nav.getByRole("link", { name: link })).toBeVisible();
  }

  expect(errors).toEqual([]);
});

test("a member's overview shows their own allowance, never the workspace's balance", async ({ page }) => {
  const errors = collectErrors(page);
  await signIn(page, DEMO.member.email);
  await expect(page).toHaveURL(`/w/${DEMO.workspace.slug}`);

  const allowance = page.getByRole("region", { name: "Your allowance this month" });
  await expect(allowance).toBeVisible();
  const used = await readCredits(allowance.getByTestId("allowance-used"));
  const limit = await readCredits(allowance.getByTestId("allowance-limit"));
  const remaining = await readCredits(allowance.getByTestId("allowance-remaining"));
  expect(limit).toBe(15_000);
  expect(remaining).toBe(Math.max(limit - used, 0));
  await expect(allowance.getByTestId("allowance-resets")).toHaveText(/\w{3} \d{1,2}, \d{4}/);
  await expect(allowance.getByRole("link", { name: "View my usage" })).toHaveAttribute(
    "href",
    `/w/${DEMO.workspace.slug}/usage`,
  );

  // Nothing of the workspace's money.
  await expect(page.getByText("Current balance")).toHaveCount(0);
  await expect(page.getByTestId("current-balance")).toHaveCount(0);
  await expect(page.getByText("Recent Transactions")).toHaveCount(0);
  await expect(page.getByText("Lifetime added")).toHaveCount(0);

  // Nor the owner/admin pages in the navigation.
  const nav = page.getByRole("navigation", { name: "Workspace" });
  await expect(nav.getByRole("link", { name: "My usage" })).toBeVisible();
  await expect(nav.getByRole("link", { name: "General" })).toBeVisible();
  await expect(nav.getByRole("link", { name: "Members" })).toHaveCount(0);
  await expect(nav.getByRole("link", { name: "Audit log" })).toHaveCount(0);

  expect(errors).toEqual([]);
});
