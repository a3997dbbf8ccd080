// Receipts and the Invoices list in test mode: purchases paid through the real test checkout, auto
// top-ups and plan payments in one list; refunds and disputes (payment_reversals rows, inserted here
// as the refund handling would write them) on the receipt; the PDF and CSV routes; billing details.
import "../../support/actions";
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditEvents, creditPurchases, paymentReversals, testModeCustomers, workspaces } from "@/db/schema";
import { changePlanAction } from "@/lib/actions/billing/change-plan";
import { updateBillingDetailsAction } from "@/lib/actions/billing/update-billing-details";
import { completeTestCheckoutAction } from "@/lib/actions/credits/complete-test-checkout";
import { startPurchaseAction } from "@/lib/actions/credits/start-purchase";
import { listInvoices } from "@/lib/receipts/invoices";
import { loadReceipt } from "@/lib/receipts/receipt";
import { GET as pdfRoute } from "@/app/api/workspaces/[workspaceId]/receipts/[receiptId]/pdf/route";
import { GET as csvRoute } from "@/app/api/workspaces/[workspaceId]/invoices/export/route";
import { actAs } from "../../support/actions";
import { makeTeam } from "../../support/access";
import { testContext, testDb } from "../../support/db";
import { csvRecords } from "../../support/csv";
import { isWholePdf, pdfTextLines } from "../../support/pdf-text";

type Team = Awaited<ReturnType<typeof makeTeam>>;

let team: Team;
let stranger: Team;
let purchaseId: string;
let autoTopUpId: string;

const ctx = () => testContext(new Date());
const workspaceOf = async (id: string) =>
  (await testDb().select().from(workspaces).where(eq(workspaces.id, id)))[0]!;

async function buy(t: Team, credits: number): Promise<string> {
  actAs(t.owner.user);
  const started = await startPurchaseAction({ workspaceId: t.workspace.id, credits });
  if (!started.ok) throw new Error(started.error.message);
  const paid = await completeTestCheckoutAction({
    workspaceId: t.workspace.id,
    sessionId: started.data.checkout.sessionId,
    action: "pay",
    cardNumber: "4242424242424242",
  });
  expect(paid).toMatchObject({ ok: true, data: { status: "paid" } });
  return started.data.purchaseId;
}

async function reverse(values: Partial<typeof paymentReversals.$inferInsert> & { providerId: string }) {
  const now = new Date();
  await testDb()
    .insert(paymentReversals)
    .values({
      workspaceId: team.workspace.id,
      kind: "refund",
      provider: "test",
      amountCents: 0,
      status: "succeeded",
      createdAt: now,
      updatedAt: now,
      closedAt: now,
      ...values,
    });
}

function pdfRequest(t: Team, receiptId: string, query = "?compress=0") {
  return pdfRoute(new Request(`http://creditpool.test/api/x${query}`), {
    params: Promise.resolve({ workspaceId: t.workspace.id, receiptId }),
  });
}

beforeAll(async () => {
  team = await makeTeam();
  stranger = await makeTeam();
  // A Free workspace that subscribes: the plan's first invoice.
  await testDb()
    .update(workspaces)
    .set({ plan: "free", subscriptionStatus: "none" })
    .where(eq(workspaces.id, team.workspace.id));
  actAs(team.owner.user);
  const subscribed = await changePlanAction({
    workspaceId: team.workspace.id,
    action: "subscribe",
    plan: "starter",
    interval: "month",
  });
  expect(subscribed.ok).toBe(true);
  purchaseId = await buy(team, 5_000);
  const paid = (await testDb().select().from(creditPurchases).where(eq(creditPurchases.id, purchaseId)))[0]!;
  // An auto top-up and a declined purchase, as the payment handling leaves them.
  const later = new Date(paid.paidAt!.getTime() + 60_000);
  const [autoTopUp] = await testDb()
    .insert(creditPurchases)
    .values({
      workspaceId: team.workspace.id,
      kind: "auto_top_up",
      provider: "test",
      credits: 25_000,
      amountCents: 23_750,
      status: "paid",
      paymentIntentId: `pi_test_local_${team.tag}`,
      ledgerEntryId: paid.ledgerEntryId! + 1_000_000,
      createdAt: later,
      updatedAt: later,
      paidAt: later,
    })
    .returning();
  autoTopUpId = autoTopUp!.id;
  await testDb()
    .insert(creditPurchases)
    .values({
      workspaceId: team.workspace.id,
      kind: "one_time",
      provider: "test",
      credits: 1_000,
      amountCents: 1_000,
      status: "failed",
      failureMessage: "Your card was declined.",
      createdAt: new Date(later.getTime() + 1_000),
      updatedAt: new Date(later.getTime() + 1_000),
    });
  // A refund of $10.00 that went through, one still pending, and a $5.00 dispute lost.
  await reverse({ providerId: `re_1_${team.tag}`, purchaseId, amountCents: 1_000, credits: 1_000 });
  await reverse({ providerId: `re_2_${team.tag}`, purchaseId, amountCents: 700, status: "pending" });
  await reverse({
    providerId: `dp_1_${team.tag}`,
    kind: "dispute",
    purchaseId,
    amountCents: 500,
    status: "lost",
    credits: 500,
  });
  // An open dispute on the auto top-up.
  await reverse({
    providerId: `dp_2_${team.tag}`,
    kind: "dispute",
    purchaseId: autoTopUpId,
    amountCents: 23_750,
    status: "open",
    closedAt: null,
  });
});

describe("the Invoices list", () => {
  it("lists purchases, auto top-ups and plan payments, newest first, each with how it stands", async () => {
    const rows = await listInvoices(ctx(), await workspaceOf(team.workspace.id), {});
    expect(rows.map((r) => [r.kind, r.status, r.amountCents, r.refundedCents])).toEqual([
      ["purchase", "failed", 1_000, 0],
      ["auto_top_up", "disputed", 23_750, 0],
      ["purchase", "partially_refunded", 5_000, 1_500],
      ["plan", "paid", 1_900, 0],
    ]);
    expect(rows.map((r) => r.at.getTime())).toEqual(rows.map((r) => r.at.getTime()).sort((a, b) => b - a));
    expect(rows[0]?.receiptNumber).toBeNull();
    for (const row of rows.slice(1)) expect(row.receiptNumber).toMatch(/^CP-\d{4}-\d{6,}$/);
    expect(new Set(rows.map((r) => r.receiptNumber)).size).toBe(rows.length);
  });

  it("filters by kind, status and days of the workspace's time zone", async () => {
    const workspace = await workspaceOf(team.workspace.id);
    const kinds = async (filter: Parameters<typeof listInvoices>[2]) =>
      (await listInvoices(ctx(), workspace, filter)).map((r) => `${r.kind}:${r.status}`);
    expect(await kinds({ kind: "plan" })).toEqual(["plan:paid"]);
    expect(await kinds({ kind: "auto_top_up" })).toEqual(["auto_top_up:disputed"]);
    expect(await kinds({ kind: "purchase", status: "failed" })).toEqual(["purchase:failed"]);
    expect(await kinds({ status: "partially_refunded" })).toEqual(["purchase:partially_refunded"]);
    expect(await kinds({ status: "refunded" })).toEqual([]);
    expect(await kinds({ from: "2000-01-01", to: "2000-12-31" })).toEqual([]);
    const today = new Date().toISOString().slice(0, 10);
    expect(await kinds({ from: "2000-01-01", to: "2100-12-31" })).toHaveLength(4);
    expect((await kinds({ from: today, to: today })).length).toBeGreaterThan(0);
  });

  it("is the workspace's own: another workspace lists none of it", async () => {
    expect(await listInvoices(ctx(), await workspaceOf(stranger.workspace.id), {})).toEqual([]);
  });
});

describe("a receipt", () => {
  it("has the figures, the refunds and disputes lost against it, and the net", async () => {
    const receipt = await loadReceipt(ctx(), await workspaceOf(team.workspace.id), purchaseId);
    expect(receipt).toMatchObject({
      kind: "purchase",
      currency: "usd",
      line: { credits: 5_000, amountCents: 5_000 },
      totals: {
        paidCents: 5_000,
        refundedCents: 1_500,
        netCents: 3_500,
        creditsTakenBack: 1_500,
        taxCents: 0,
      },
    });
    expect(receipt?.number).toMatch(/^CP-\d{4}-\d{6,}$/);
    expect(receipt?.reversals.map((r) => [r.kind, r.amountCents])).toEqual([
      ["refund", 1_000],
      ["dispute", 500],
    ]);
  });

  it("exists for a plan payment, and not for an unpaid purchase, another workspace's, or a made-up id", async () => {
    const workspace = await workspaceOf(team.workspace.id);
    const [plan] = await listInvoices(ctx(), workspace, { kind: "plan" });
    const receipt = await loadReceipt(ctx(), workspace, plan!.id);
    expect(receipt).toMatchObject({ kind: "plan", line: { amountCents: 1_900, credits: null } });
    const [failed] = await listInvoices(ctx(), workspace, { status: "failed" });
    expect(await loadReceipt(ctx(), workspace, failed!.id)).toBeNull();
    expect(await loadReceipt(ctx(), await workspaceOf(stranger.workspace.id), purchaseId)).toBeNull();
    expect(await loadReceipt(ctx(), await workspaceOf(stranger.workspace.id), plan!.id)).toBeNull();
    for (const id of ["in_test_local_0", "../../etc/passwd", "x".repeat(5_000), ""])
      expect(await loadReceipt(ctx(), workspace, id)).toBeNull();
  });
});

describe("billing details", () => {
  it("are saved by an owner, audited, printed on receipts and sent to the stand-in's customer", async () => {
    actAs(team.owner.user);
    const details = {
      workspaceId: team.workspace.id,
      companyName: "Northwind GmbH",
      addressLine1: "Hauptstraße 1",
      city: "Berlin",
      postalCode: "10115",
      country: "DE",
      receiptEmail: "Billing@Northwind.test",
      taxId: "de 123 456 789",
    };
    const saved = await updateBillingDetailsAction(details);
    expect(saved).toEqual({ ok: true, data: { isSentToProvider: true } });
    const [customer] = await testDb()
      .select()
      .from(testModeCustomers)
      .where(eq(testModeCustomers.workspaceId, team.workspace.id));
    expect(customer).toMatchObject({
      customerId: (await workspaceOf(team.workspace.id)).stripeCustomerId,
      details: {
        name: "Northwind GmbH",
        email: "billing@northwind.test",
        address: {
          line1: "Hauptstraße 1",
          line2: null,
          city: "Berlin",
          postalCode: "10115",
          state: null,
          country: "DE",
        },
      },
      taxIds: [{ type: "eu_vat", value: "DE 123 456 789" }],
    });
    const audit = await testDb()
      .select()
      .from(auditEvents)
      .where(
        and(
          eq(auditEvents.workspaceId, team.workspace.id),
          eq(auditEvents.action, "billing_details.changed"),
        ),
      );
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      actorUserId: team.owner.user.id,
      before: { companyName: null, country: null, taxId: null },
      after: { companyName: "Northwind GmbH", country: "DE", taxId: "DE 123 456 789" },
    });
    // Saving the same again (as normalized) records no change.
    await updateBillingDetailsAction({
      ...details,
      receiptEmail: "billing@northwind.test",
      taxId: "DE 123 456 789",
    });
    expect(
      await testDb()
        .select()
        .from(auditEvents)
        .where(
          and(
            eq(auditEvents.workspaceId, team.workspace.id),
            eq(auditEvents.action, "billing_details.changed"),
          ),
        ),
    ).toHaveLength(1);
  });

  it("are refused for a bad tax id, and for an admin", async () => {
    actAs(team.owner.user);
    const bad = await updateBillingDetailsAction({
      workspaceId: team.workspace.id,
      country: "FR",
      taxId: "FR1",
    });
    expect(bad).toMatchObject({
      ok: false,
      error: { code: "invalid_input", fieldErrors: { taxId: ["That is not a valid tax ID for France"] } },
    });
    actAs(team.admin.user);
    expect(
      await updateBillingDetailsAction({ workspaceId: team.workspace.id, companyName: "Admin Ltd" }),
    ).toMatchObject({
      ok: false,
      error: { code: "forbidden" },
    });
  });
});

describe("the receipt PDF", () => {
  it("downloads as a whole PDF with the number, the figures, the billing details and the refunds", async () => {
    actAs(team.admin.user);
    const response = await pdfRequest(team, purchaseId);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/pdf");
    const receipt = (await loadReceipt(ctx(), await workspaceOf(team.workspace.id), purchaseId))!;
    expect(response.headers.get("content-disposition")).toBe(
      `attachment; filename="receipt-${receipt.number}.pdf"`,
    );
    const pdf = Buffer.from(await response.arrayBuffer());
    expect(isWholePdf(pdf)).toBe(true);
    const text = pdfTextLines(pdf).join("\n");
    for (const expected of [
      `Receipt number: ${receipt.number}`,
      "Creditpool, Inc.",
      "Northwind GmbH",
      "Hauptstraße 1",
      "10115 Berlin",
      "Germany",
      "Tax ID: DE 123 456 789",
      "5,000",
      "$50.00",
      "Tax",
      "$0.00",
      "-$10.00",
      "-$5.00",
      "Net paid",
      "$35.00",
      "tax 0.00",
    ])
      expect(text, expected).toContain(expected);
    expect(response.headers.get("content-length")).toBe(String(pdf.length));
  });

  it("is compressed by default and still a whole PDF", async () => {
    actAs(team.owner.user);
    const response = await pdfRequest(team, autoTopUpId, "");
    const pdf = Buffer.from(await response.arrayBuffer());
    expect(isWholePdf(pdf)).toBe(true);
    expect(pdf.toString("latin1")).toContain("/FlateDecode");
  });

  it("is never given to a member, another workspace's owner, or for an id that is no receipt", async () => {
    actAs(team.member.user);
    expect((await pdfRequest(team, purchaseId)).status).toBe(403);
    actAs(stranger.owner.user);
    expect((await pdfRequest(team, purchaseId)).status).toBe(404);
    // Their own workspace id with this workspace's receipt: no such receipt there.
    const across = await pdfRequest(stranger, purchaseId);
    expect(across.status).toBe(404);
    expect(across.headers.get("content-type")).not.toBe("application/pdf");
    actAs(team.owner.user);
    for (const id of ["nope", "in_test_local_999999999", "00000000-0000-4000-8000-000000000000"])
      expect((await pdfRequest(team, id)).status, id).toBe(404);
  });
});

describe("the CSV export", () => {
  async function exportCsv(t: Team, query: string) {
    const response = await csvRoute(new Request(`http://creditpool.test/api/x?${query}`), {
      params: Promise.resolve({ workspaceId: t.workspace.id }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-disposition")).toMatch(
      /^attachment; filename=".*-invoices-\d{4}-\d{2}-\d{2}\.csv"$/,
    );
    return csvRecords(await response.text());
  }

  it("has the filtered list, money in dollars with refunds and net", async () => {
    actAs(team.owner.user);
    const all = await exportCsv(team, "");
    expect(all.map((r) => [r.type, r.status, r.amount, r.refunded, r.net])).toEqual([
      ["Credit purchase", "Failed", "10.00", "0.00", "10.00"],
      ["Auto top-up", "Disputed", "237.50", "0.00", "237.50"],
      ["Credit purchase", "Partially refunded", "50.00", "15.00", "35.00"],
      ["Plan payment", "Paid", "19.00", "0.00", "19.00"],
    ]);
    expect(all[2]?.receipt_number).toMatch(/^CP-/);
    expect(all[2]?.credits).toBe("5000");
    const filtered = await exportCsv(team, "kind=auto_top_up&status=bogus&from=0000-01-01&page=-5");
    expect(filtered.map((r) => r.type)).toEqual(["Auto top-up"]);
  });

  it("is refused to a member", async () => {
    actAs(team.member.user);
    const response = await csvRoute(new Request("http://creditpool.test/api/x"), {
      params: Promise.resolve({ workspaceId: team.workspace.id }),
    });
    expect(response.status).toBe(403);
  });
});
