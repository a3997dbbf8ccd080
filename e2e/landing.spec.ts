import { expect, test, type Locator } from "@playwright/test";

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

test("the landing page shows the demo owner's workspace credits", async ({ page }) => {
  const errors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(`console: ${message.text()}`);
  });
  page.on("pageerror", (error) => errors.push(`pageerror: ${error.message}`));

  const response = await page.goto("/");
  expect(response?.status()).toBe(200);

  await expect(page.getByRole("banner")).toContainText("Creditpool");
  await expect(page.getByRole("heading", { level: 1, name: "Workspaces" })).toBeVisible();
  await expect(page.getByRole("banner")).toContainText("Signed in as Olivia Owens (demo session)");

  const card = page.getByRole("region", { name: "Northwind Studio" });
  await expect(card).toBeVisible();
  await expect(card).toContainText("Pro plan");
  await expect(card).toContainText("Owner");

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
  // With nothing held or expired in the fresh seed, the newest entry's balance is the current one.
  expect(balances[0]).toBe(balance + held);

  expect(errors).toEqual([]);
});
