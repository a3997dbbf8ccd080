import { readFile } from "node:fs/promises";
import { expect, type Locator, type Page } from "@playwright/test";
import { parseCsv } from "../tests/support/csv";
import { collectErrors, DEMO, signIn, test } from "./fixtures";

const HISTORY = `/w/${DEMO.workspace.slug}/transactions`;

const CSV_HEADER =
  "id,time,type,member,member_email,feature,model,amount,free,subscription,top_up,adjustment,balance_after,reference";

/** "−1,200" or "+500" -> the integer. */
function parseCredits(text: string): number {
  const match = /^([+\u2212-]?)(\d{1,3}(?:,\d{3})*)$/.exec(text.trim());
  expect(match, `"${text}" should be a whole number of credits`).not.toBeNull();
  const value = Number(match![2]!.replaceAll(",", ""));
  return match![1] === "\u2212" || match![1] === "-" ? -value : value;
}

type Row = { id: number; code: string; amount: number };

async function readRows(page: Page): Promise<Row[]> {
  const rows = page.getByTestId("transaction");
  await expect(rows.first()).toBeVisible();
  const out: Row[] = [];
  for (const row of await rows.all()) {
    out.push({
      id: Number(await row.getAttribute("data-id")),
      code: (await row.getAttribute("data-code")) ?? "",
      amount: parseCredits(await row.getByTestId("transaction-amount").innerText()),
    });
  }
  return out;
}

function filterForm(page: Page): Locator {
  return page.getByRole("form", { name: "Filter transactions" });
}

test("the owner filters the history, pages through it and exports what it shows", async ({ page }) => {
  const errors = collectErrors(page);
  await signIn(page, DEMO.owner.email);
  await page
    .getByRole("navigation", { name: "Workspace" })
    .getByRole("link", { name: "Transactions" })
    .click();
  await page.waitForURL(HISTORY);
  await expect(page.getByRole("heading", { level: 1, name: "Transactions" })).toBeVisible();

  // Newest first, and each running balance follows from the one before it.
  const all = await readRows(page);
  expect(all.length).toBeGreaterThan(1);
  const balances = await page.getByTestId("transaction-balance").allInnerTexts();
  for (let i = 0; i < all.length - 1; i += 1) {
    expect(all[i]!.id).toBeGreaterThan(all[i + 1]!.id);
    expect(parseCredits(balances[i]!)).toBe(parseCredits(balances[i + 1]!) + all[i]!.amount);
  }

  // Type: Consumption.
  await filterForm(page).getByLabel("Type").selectOption({ label: "Consumption" });
  await filterForm(page).getByRole("button", { name: "Apply filters" }).click();
  await page.waitForURL(`${HISTORY}?type=spend`);
  const spends = await readRows(page);
  expect(spends.every((row) => row.code === "spend" && row.amount < 0)).toBe(true);
  for (const type of await page.getByTestId("transaction-type").allInnerTexts())
    expect(type).toBe("Consumption");
  // Consumption rows say what was generated and how it split across credit types.
  await expect(page.getByTestId("transaction-detail").first()).toHaveText(/\w+ · [\w-]+/);
  await expect(page.getByTestId("transaction-split").first()).toHaveText(
    /^\d[\d,]* (free|subscription|top-up)( · \d[\d,]* (free|subscription|top-up))*$/,
  );

  // Older entries, with the filter kept, then back to the newest.
  await page.getByRole("link", { name: "Older →" }).click();
  await page.waitForURL(/\/transactions\?type=spend&cursor=\d+$/);
  const older = await readRows(page);
  expect(older.every((row) => row.code === "spend")).toBe(true);
  expect(older[0]!.id).toBeLessThan(spends.at(-1)!.id);
  await expect(filterForm(page).getByLabel("Type")).toHaveValue("spend");
  await page.getByRole("link", { name: "← Newest" }).click();
  await page.waitForURL(`${HISTORY}?type=spend`);
  expect((await readRows(page))[0]!.id).toBe(spends[0]!.id);

  // And one member: every row is Maya's consumption.
  await filterForm(page)
    .getByLabel("Member")
    .selectOption({ label: `${DEMO.member.name} (${DEMO.member.email})` });
  await filterForm(page).getByRole("button", { name: "Apply filters" }).click();
  await page.waitForURL(/\/transactions\?type=spend&member=[0-9a-f-]{36}$/);
  const mayas = await readRows(page);
  expect(mayas.every((row) => row.code === "spend")).toBe(true);
  for (const member of await page.getByTestId("transaction-member").allInnerTexts()) {
    expect(member).toBe(DEMO.member.name);
  }
  await expect(filterForm(page).getByLabel("Type")).toHaveValue("spend");

  // The CSV holds the same filtered list: its first rows are this page's rows.
  const exportLink = page.getByRole("link", { name: "Export CSV" });
  const href = await exportLink.getAttribute("href");
  expect(href).toMatch(/\/transactions\/export\?type=spend&member=[0-9a-f-]{36}$/);
  const [download] = await Promise.all([page.waitForEvent("download"), exportLink.click()]);
  expect(download.suggestedFilename()).toMatch(/^northwind-transactions-\d{4}-\d{2}-\d{2}\.csv$/);
  const csv = parseCsv(await readFile((await download.path())!, "utf8"));
  expect(csv[0]!.join(",")).toBe(CSV_HEADER);
  const body = csv.slice(1);
  expect(body.length).toBeGreaterThanOrEqual(mayas.length);
  body.slice(0, mayas.length).forEach((cells, i) => {
    expect(Number(cells[0])).toBe(mayas[i]!.id);
    expect(cells[2]).toBe("Consumption");
    expect(cells[3]).toBe(DEMO.member.name);
    expect(Number(cells[7])).toBe(mayas[i]!.amount);
  });
  for (const cells of body) {
    expect(cells[2]).toBe("Consumption");
    expect(cells[4]).toBe(DEMO.member.email);
  }

  // Clear brings back every entry.
  await filterForm(page).getByRole("link", { name: "Clear" }).click();
  await page.waitForURL(HISTORY);
  expect((await readRows(page))[0]!.id).toBe(all[0]!.id);

  expect(errors).toEqual([]);
});

test("a date range with nothing in it shows the empty state", async ({ page }) => {
  const errors = collectErrors(page);
  await signIn(page, DEMO.owner.email);
  await page.goto(`${HISTORY}?from=2001-01-01&to=2001-01-31`);
  await expect(page.getByText("No transactions match these filters")).toBeVisible();
  await expect(page.getByTestId("transaction")).toHaveCount(0);
  await expect(filterForm(page).getByLabel("From")).toHaveValue("2001-01-01");
  await expect(page.getByRole("link", { name: "Export CSV" })).toHaveAttribute(
    "href",
    /\/transactions\/export\?from=2001-01-01&to=2001-01-31$/,
  );
  expect(errors).toEqual([]);
});
