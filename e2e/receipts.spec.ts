import { readFile } from "node:fs/promises";
import { expect, type Page } from "@playwright/test";
import { csvRecords } from "../tests/support/csv";
import { isWholePdf, pdfTextLines } from "../tests/support/pdf-text";
import { demoWorkspaceId, e2eDatabase } from "./database";
import { collectErrors, DEMO, signIn, test } from "./fixtures";
import { axeBudget, demoReceiptId, expectAccessible } from "./pages";

// Receipts in test mode, the way an owner gets them: buy credits, set the billing details, find the
// payment under Invoices with its filters, open its receipt, download the PDF and the CSV.

const BILLING = `/w/${DEMO.workspace.slug}/settings/billing`;
const INVOICES = `${BILLING}/invoices`;
const sql = e2eDatabase();

test.afterAll(async () => {
  await sql.end();
});

/** Buys 5,000 credits ($50.00) through Purchase Credits and the test-mode checkout; returns the purchase id. */
async function buyFiveThousand(page: Page): Promise<string> {
  await page.goto(BILLING);
  await page
    .getByRole("region", { name: "Credits", exact: true })
    .getByRole("button", { name: "Purchase Credits" })
    .click();
  const dialog = page.getByRole("dialog", { name: "Purchase Credits" });
  await dialog.getByRole("radio", { name: /^5,000 credits/ }).check();
  await dialog.getByRole("button", { name: "Continue to payment" }).click();
  await page.waitForURL(/\/settings\/billing\/test-checkout\/cs_test_local_[a-f0-9]{32}$/);
  await page.getByRole("button", { name: /4242 4242 4242 4242/ }).click();
  await page.getByRole("button", { name: "Pay $50.00" }).click();
  await page.waitForURL(/\/settings\/billing\?purchase=[0-9a-f-]{36}$/);
  return new URL(page.url()).searchParams.get("purchase")!;
}

test("an owner finds a purchase under Invoices, with its receipt, PDF and CSV", async ({ page }) => {
  test.setTimeout(axeBudget(2) + 60_000);
  const errors = collectErrors(page);
  await signIn(page, DEMO.owner.email);
  const purchaseId = await buyFiveThousand(page);

  // Billing details, on the same page: a wrong VAT number is refused, a right one saved.
  const section = page.getByRole("region", { name: "Billing details" });
  await section.getByLabel("Company name").fill("Northwind Studio GmbH");
  await section.getByLabel("Address line 1").fill("Torstraße 1");
  await section.getByLabel("City").fill("Berlin");
  await section.getByLabel("Postal code").fill("10119");
  await section.getByLabel("Country").selectOption("DE");
  await section.getByLabel("Email for receipts").fill("accounts@northwind.test");
  await section.getByLabel("Tax ID").fill("DE12345");
  await section.getByRole("button", { name: "Save billing details" }).click();
  await expect(section.getByText("That is not a valid tax ID for Germany")).toBeVisible();
  await section.getByLabel("Tax ID").fill("DE123456789");
  await section.getByRole("button", { name: "Save billing details" }).click();
  await expect(page.getByText("Billing details saved.")).toBeVisible();

  // A $10.00 refund of it, as the refund handling records one.
  const workspaceId = await demoWorkspaceId(sql);
  await sql`
    insert into payment_reversals (workspace_id, kind, provider, provider_id, purchase_id, amount_cents, status,
                                   credits, created_at, updated_at, closed_at)
    values (${workspaceId}, 'refund', 'test', ${`re_e2e_${purchaseId}`}, ${purchaseId}, 1000, 'succeeded',
            1000, now(), now(), now())
    on conflict do nothing`;

  // Invoices, from the Payment methods & invoices section.
  await page
    .getByRole("region", { name: "Payment methods & invoices" })
    .getByRole("link", { name: "View invoices" })
    .click();
  await page.waitForURL(INVOICES);
  await expect(page.getByRole("heading", { level: 1, name: "Invoices" })).toBeVisible();
  const rows = page.getByTestId("invoice-row");
  await expect(rows.first()).toBeVisible();
  await expectAccessible(page, "Invoices");

  // Filters: credit purchases that were partly refunded; the URL keeps them.
  const filters = page.getByRole("form", { name: "Filter invoices" });
  await filters.getByLabel("Type").selectOption("purchase");
  await filters.getByLabel("Status").selectOption("partially_refunded");
  await filters.getByRole("button", { name: "Apply" }).click();
  await page.waitForURL(/kind=purchase&status=partially_refunded/);
  await expect(rows).toHaveCount(1);
  const row = rows.first();
  await expect(row).toHaveAttribute("data-kind", "purchase");
  await expect(row).toContainText("5,000 credits");
  await expect(row).toContainText("$50.00");
  await expect(row).toContainText("-$10.00 refunded");
  await expect(row).toContainText("Partially refunded");
  const number = (await row.getByRole("link", { name: /^Receipt CP-/ }).innerText()).trim();
  expect(number).toMatch(/^CP-\d{4}-\d{6,}$/);

  // The CSV of the filtered list.
  const [csvDownload] = await Promise.all([
    page.waitForEvent("download"),
    page.getByTestId("export-invoices-csv").click(),
  ]);
  expect(csvDownload.suggestedFilename()).toMatch(/^northwind-invoices-\d{4}-\d{2}-\d{2}\.csv$/);
  const csv = csvRecords(await readFile((await csvDownload.path())!, "utf8"));
  expect(csv).toEqual([
    expect.objectContaining({
      receipt_number: number,
      type: "Credit purchase",
      credits: "5000",
      amount: "50.00",
      refunded: "10.00",
      net: "40.00",
      status: "Partially refunded",
      id: purchaseId,
    }),
  ]);

  // The receipt page: number, billing details, figures, the refund.
  await row.getByRole("link", { name: `Receipt ${number}`, exact: true }).click();
  await page.waitForURL(`${BILLING}/receipts/${purchaseId}`);
  await expect(page.getByTestId("receipt-number")).toHaveText(number);
  const billedTo = page.getByTestId("billed-to");
  for (const line of [
    "Northwind Studio GmbH",
    "Torstraße 1",
    "10119 Berlin",
    "Germany",
    "Tax ID: DE123456789",
  ])
    await expect(billedTo).toContainText(line);
  const totals = page.getByTestId("receipt-totals");
  await expect(totals).toContainText("Subtotal$50.00");
  await expect(totals).toContainText("Tax$0.00");
  await expect(totals).toContainText("Amount paid$50.00");
  await expect(totals).toContainText("-$10.00");
  await expect(totals).toContainText("Net paid$40.00");
  await expectAccessible(page, "Receipt");

  // The PDF downloads, whole, named by the receipt number.
  const [pdfDownload] = await Promise.all([
    page.waitForEvent("download"),
    page.getByTestId("download-receipt").click(),
  ]);
  expect(pdfDownload.suggestedFilename()).toBe(`receipt-${number}.pdf`);
  expect(isWholePdf(await readFile((await pdfDownload.path())!))).toBe(true);
  // The same PDF uncompressed, to read its figures.
  const plain = await page.request.get(
    `/api/workspaces/${workspaceId}/receipts/${purchaseId}/pdf?compress=0`,
  );
  expect(plain.headers()["content-type"]).toBe("application/pdf");
  const text = pdfTextLines(await plain.body()).join("\n");
  for (const expected of [
    `Receipt number: ${number}`,
    "Northwind Studio GmbH",
    "Tax ID: DE123456789",
    "5,000",
    "$50.00",
    "-$10.00",
    "$40.00",
    "tax 0.00",
  ])
    expect(text, expected).toContain(expected);
  expect(errors).toEqual([]);
});

test("a member gets neither the Invoices nor a receipt", async ({ page }) => {
  const workspaceId = await demoWorkspaceId(sql);
  const receiptId = await demoReceiptId(sql, workspaceId);
  expect(receiptId).toMatch(/^(in_test_local_\d+|[0-9a-f-]{36})$/);
  await signIn(page, DEMO.member.email);
  await page.goto(INVOICES);
  await expect(page.getByRole("heading", { level: 1, name: "Invoices" })).toBeVisible();
  await expect(page.getByTestId("forbidden-notice")).toBeVisible();
  await expect(page.getByTestId("invoice-row")).toHaveCount(0);
  await page.goto(`${BILLING}/receipts/${receiptId}`);
  await expect(page.getByTestId("forbidden-notice")).toBeVisible();
  await expect(page.getByTestId("receipt")).toHaveCount(0);
  const pdf = await page.request.get(`/api/workspaces/${workspaceId}/receipts/${receiptId}/pdf`);
  expect(pdf.status()).toBe(403);
  expect(pdf.headers()["content-type"]).not.toBe("application/pdf");
});

test("the plan's invoice has a receipt too", async ({ page }) => {
  const workspaceId = await demoWorkspaceId(sql);
  await signIn(page, DEMO.admin.email);
  await page.goto(`${INVOICES}?kind=plan`);
  const row = page.getByTestId("invoice-row").first();
  await expect(row).toHaveAttribute("data-kind", "plan");
  await expect(row).toContainText("Pro plan, monthly");
  await row.getByRole("link", { name: /^Receipt CP-/ }).click();
  await expect(page.getByTestId("receipt")).toContainText("Plan payment");
  const id = new URL(page.url()).pathname.split("/").at(-1)!;
  expect(id).toMatch(/^in_test_local_\d+$/);
  const pdf = await page.request.get(`/api/workspaces/${workspaceId}/receipts/${id}/pdf?compress=0`);
  expect(pdf.status()).toBe(200);
  const text = pdfTextLines(await pdf.body()).join("\n");
  expect(text).toContain("Pro plan, monthly");
  expect(text).toContain("$79.00");
});
