// Refunds and disputes reaching Creditpool from outside, as Stripe sends them: signed charge.refunded,
// charge.dispute.created and charge.dispute.closed events (signed by the Stripe SDK itself), mapped to
// the credit purchase, auto top-up or plan payment they reverse. Replays, reorderings and partial
// refunds take back exactly the refunded share, once; the payment_reversals rows, the credit events
// and the audit log agree with the ledger, and `ledger:verify` finds nothing.
import "../../support/actions";
import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import Stripe from "stripe";
import { beforeAll, describe, expect, it } from "vitest";
import { auditEvents, creditEvents, creditPurchases, paymentReversals, workspaces } from "@/db/schema";
import { manualClock } from "@/lib/clock";
import { getBalance, grant, readDebt, spend } from "@/lib/ledger";
import { verifyLedger } from "@/lib/ledger/verify";
import { fulfilPurchase } from "@/lib/payments/fulfilment";
import { reconcilePayments } from "@/lib/payments/reconcile";
import { testModeInvoiceId } from "@/lib/payments/test-mode-invoices";
import { handleStripeWebhook } from "@/lib/payments/webhooks";
import { makeTeam } from "../../support/access";
import { ensureTestRates, testContext, testDb, unitGeneration } from "../../support/db";

const SECRET = "whsec_test_refunds_secret";
const stripe = new Stripe("sk_test_for_signing_only");

beforeAll(async () => {
  await ensureTestRates();
});

const id = (prefix: string) => `${prefix}_${randomUUID().replaceAll("-", "")}`;

/** A paid purchase (fulfilled through the same path as the checkout webhook), with its PaymentIntent. */
async function paidPurchase(
  options: { credits?: number; amountCents?: number; kind?: "one_time" | "auto_top_up" } = {},
) {
  const team = await makeTeam();
  const now = new Date();
  const paymentIntentId = id("pi");
  const [purchase] = await testDb()
    .insert(creditPurchases)
    .values({
      workspaceId: team.workspace.id,
      provider: "stripe",
      kind: options.kind ?? "one_time",
      credits: options.credits ?? 1_000,
      amountCents: options.amountCents ?? 3_000,
      checkoutSessionId: options.kind === "auto_top_up" ? null : id("cs_test"),
      createdByUserId: team.owner.user.id,
      createdAt: now,
      updatedAt: now,
    })
    .returning();
  const ctx = testContext(now);
  const outcome = await fulfilPurchase(ctx, {
    purchaseId: purchase!.id,
    checkoutSessionId: purchase!.checkoutSessionId,
    paymentIntentId,
  });
  expect(outcome).toBe("granted");
  return { team, purchase: purchase!, paymentIntentId, chargeId: id("ch") };
}

type Refund = { id: string; amount: number; created: number; status?: string };

function chargeRefunded(charge: { id: string; paymentIntentId: string; amount: number }, refunds: Refund[]) {
  return {
    id: id("evt"),
    object: "event",
    type: "charge.refunded",
    created: Math.floor(Date.now() / 1000),
    data: {
      object: {
        id: charge.id,
        object: "charge",
        amount: charge.amount,
        amount_refunded: refunds.reduce((sum, r) => sum + r.amount, 0),
        currency: "usd",
        payment_intent: charge.paymentIntentId,
        refunds: {
          object: "list",
          has_more: false,
          data: refunds.map((r) => ({
            id: r.id,
            object: "refund",
            amount: r.amount,
            charge: charge.id,
            payment_intent: charge.paymentIntentId,
            currency: "usd",
            status: r.status ?? "succeeded",
            reason: "requested_by_customer",
            created: r.created,
          })),
        },
      },
    },
  };
}

function disputeEvent(
  type: "charge.dispute.created" | "charge.dispute.closed",
  dispute: { id: string; chargeId: string; paymentIntentId: string; amount: number; status: string },
) {
  return {
    id: id("evt"),
    object: "event",
    type,
    created: Math.floor(Date.now() / 1000),
    data: {
      object: {
        id: dispute.id,
        object: "dispute",
        amount: dispute.amount,
        charge: dispute.chargeId,
        payment_intent: dispute.paymentIntentId,
        currency: "usd",
        status: dispute.status,
        reason: "fraudulent",
        created: Math.floor(Date.now() / 1000),
      },
    },
  };
}

async function deliver(event: unknown) {
  const payload = JSON.stringify(event);
  const header = stripe.webhooks.generateTestHeaderString({ payload, secret: SECRET });
  const response = await handleStripeWebhook(testContext(new Date()), payload, header, SECRET);
  expect(response.status).toBe(200);
  return response.body;
}

async function reversalsOf(workspaceId: string) {
  return testDb()
    .select()
    .from(paymentReversals)
    .where(eq(paymentReversals.workspaceId, workspaceId))
    .orderBy(paymentReversals.createdAt);
}

async function eventsOf(workspaceId: string, type: "credit_purchase_refunded" | "credit_purchase_disputed") {
  return testDb()
    .select()
    .from(creditEvents)
    .where(and(eq(creditEvents.workspaceId, workspaceId), eq(creditEvents.type, type)));
}

async function auditsOf(workspaceId: string) {
  return testDb()
    .select()
    .from(auditEvents)
    .where(eq(auditEvents.workspaceId, workspaceId))
    .then((rows) => rows.filter((r) => r.action === "credits.refunded" || r.action === "credits.disputed"));
}

const balanceOf = async (workspaceId: string) =>
  (await getBalance(testContext(new Date()), workspaceId))?.total;

async function expectConsistent(workspaceId: string) {
  expect(await verifyLedger(testDb(), { workspaceId })).toEqual([]);
}

async function spendCredits(team: Awaited<ReturnType<typeof makeTeam>>, credits: number) {
  const spent = await spend(testContext(new Date()), {
    workspaceId: team.workspace.id,
    membershipId: team.owner.membership.id,
    ...unitGeneration(credits),
    idempotencyKey: randomUUID(),
  });
  expect(spent.ok).toBe(true);
}

describe("charge.refunded", () => {
  it("takes back a full refund once, however often the event is replayed or sent again", async () => {
    const { team, purchase, paymentIntentId, chargeId } = await paidPurchase();
    const wsId = team.workspace.id;
    expect(await balanceOf(wsId)).toBe(1_000);
    const charge = { id: chargeId, paymentIntentId, amount: 3_000 };
    const event = chargeRefunded(charge, [{ id: id("re"), amount: 3_000, created: 1 }]);
    expect(await deliver(event)).toMatchObject({ handled: "refunded" });
    expect(await deliver(event)).toMatchObject({ duplicate: true });
    // Stripe may send the same refund again in a new event (a retry after a timeout).
    expect(await deliver({ ...event, id: id("evt") })).toMatchObject({ handled: "already_refunded" });

    expect(await balanceOf(wsId)).toBe(0);
    const [row] = await reversalsOf(wsId);
    expect(row).toMatchObject({
      kind: "refund",
      status: "succeeded",
      purchaseId: purchase.id,
      amountCents: 3_000,
      credits: 1_000,
      creditsTaken: 1_000,
      creditsOwed: 0,
    });
    expect(row?.ledgerEntryId).toEqual(expect.any(Number));
    expect(await eventsOf(wsId, "credit_purchase_refunded")).toHaveLength(1);
    expect(await auditsOf(wsId)).toHaveLength(1);
    expect(await readDebt(testDb(), wsId)).toEqual({ owed: 0, disputed: 0 });
    await expectConsistent(wsId);
  });

  it("splits several partial refunds so they add up exactly, in whatever order their events come", async () => {
    const { team, paymentIntentId, chargeId } = await paidPurchase({ credits: 1_000, amountCents: 3_000 });
    const wsId = team.workspace.id;
    const charge = { id: chargeId, paymentIntentId, amount: 3_000 };
    const r1 = { id: id("re"), amount: 1_000, created: 100 };
    const r2 = { id: id("re"), amount: 1_000, created: 200 };
    const r3 = { id: id("re"), amount: 1_000, created: 300 };
    // The last event (all three refunds) arrives first; the earlier ones late, then a replay.
    await deliver(chargeRefunded(charge, [r1, r2, r3]));
    await deliver(chargeRefunded(charge, [r1]));
    await deliver(chargeRefunded(charge, [r1, r2]));
    const rows = await reversalsOf(wsId);
    const byId = new Map(rows.map((r) => [r.providerId, r.credits]));
    // floor(1000 × 1/3) = 333, floor(1000 × 2/3) − 333 = 333, 1000 − 666 = 334: no credit lost to rounding.
    expect([byId.get(r1.id), byId.get(r2.id), byId.get(r3.id)]).toEqual([333, 333, 334]);
    expect(await balanceOf(wsId)).toBe(0);
    expect(await eventsOf(wsId, "credit_purchase_refunded")).toHaveLength(3);
    await expectConsistent(wsId);
  });

  it("applies an earlier refund first when a later one's event lists both", async () => {
    const { team, paymentIntentId, chargeId } = await paidPurchase({ credits: 999, amountCents: 1_000 });
    const wsId = team.workspace.id;
    const charge = { id: chargeId, paymentIntentId, amount: 1_000 };
    const r1 = { id: id("re"), amount: 333, created: 100 };
    const r2 = { id: id("re"), amount: 333, created: 200 };
    await deliver(chargeRefunded(charge, [r1, r2]));
    await deliver(chargeRefunded(charge, [r1]));
    // 999 × 333 / 1000 = 332.667 → 332; 999 × 666 / 1000 = 665.334 → 665, so the second takes 333.
    const rows = await reversalsOf(wsId);
    expect(rows.map((r) => [r.providerId, r.credits])).toEqual([
      [r1.id, 332],
      [r2.id, 333],
    ]);
    expect(await balanceOf(wsId)).toBe(999 - 665);
  });

  it("takes what is left of the purchase and records the spent rest as debt", async () => {
    const { team, paymentIntentId, chargeId } = await paidPurchase({ credits: 1_000, amountCents: 3_000 });
    const wsId = team.workspace.id;
    await spendCredits(team, 800);
    await deliver(
      chargeRefunded({ id: chargeId, paymentIntentId, amount: 3_000 }, [
        { id: id("re"), amount: 3_000, created: 1 },
      ]),
    );
    const [row] = await reversalsOf(wsId);
    expect(row).toMatchObject({ credits: 1_000, creditsTaken: 200, creditsOwed: 800 });
    expect(await readDebt(testDb(), wsId)).toMatchObject({ owed: 800 });
    const [event] = await eventsOf(wsId, "credit_purchase_refunded");
    expect(event?.payload).toMatchObject({ credits: 1_000, taken: 200, owed: 800 });
    await expectConsistent(wsId);
  });

  it("refunds an auto top-up through its PaymentIntent", async () => {
    const { team, purchase, paymentIntentId, chargeId } = await paidPurchase({
      kind: "auto_top_up",
      credits: 2_000,
      amountCents: 2_000,
    });
    await deliver(
      chargeRefunded({ id: chargeId, paymentIntentId, amount: 2_000 }, [
        { id: id("re"), amount: 500, created: 1 },
      ]),
    );
    const [row] = await reversalsOf(team.workspace.id);
    expect(row).toMatchObject({ purchaseId: purchase.id, credits: 500, creditsTaken: 500 });
    expect(await balanceOf(team.workspace.id)).toBe(1_500);
  });

  it("takes nothing for a pending refund until it succeeds", async () => {
    const { team, paymentIntentId, chargeId } = await paidPurchase();
    const charge = { id: chargeId, paymentIntentId, amount: 3_000 };
    const refund = { id: id("re"), amount: 1_500, created: 1 };
    await deliver(chargeRefunded(charge, [{ ...refund, status: "pending" }]));
    expect(await balanceOf(team.workspace.id)).toBe(1_000);
    expect((await reversalsOf(team.workspace.id))[0]).toMatchObject({ status: "pending", credits: 0 });
    await deliver(chargeRefunded(charge, [refund]));
    expect(await balanceOf(team.workspace.id)).toBe(500);
  });

  it("ignores a charge that paid for nothing of Creditpool's", async () => {
    const body = await deliver(
      chargeRefunded({ id: id("ch"), paymentIntentId: id("pi"), amount: 100 }, [
        { id: id("re"), amount: 100, created: 1 },
      ]),
    );
    expect(body).toMatchObject({ handled: "unknown_payment" });
  });
});

describe("plan payment refunds", () => {
  it("takes back the refunded share of the term's subscription credits from the term's lots", async () => {
    const team = await makeTeam();
    const wsId = team.workspace.id;
    // The term started yesterday (the webhook runs on the real clock, so its lots are still open).
    const start = new Date(Math.floor(Date.now() / 86_400_000 - 1) * 86_400_000);
    await testDb()
      .update(workspaces)
      .set({ billingAnchorAt: start, billingInterval: "month" })
      .where(eq(workspaces.id, wsId));
    const granted = await grant(testContext(start), {
      workspaceId: wsId,
      type: "subscription",
      code: "grant_subscription",
      amount: 10_000,
      expiresAt: new Date(start.getTime() + 30 * 86_400_000),
      reference: `pro:${start.toISOString()}`,
      idempotencyKey: `subscription:${wsId}:${start.toISOString()}`,
    });
    if (!granted.ok) throw new Error(granted.message);
    const invoiceId = testModeInvoiceId(granted.entryId);
    const paymentIntentId = `pi_test_local_invoice_${granted.entryId}`;
    // Pro monthly: the invoice's amount comes from the plan's price; half of it is refunded.
    const { PLANS } = await import("@/lib/billing/plans");
    const price = PLANS.pro.monthlyPriceCents.month;
    await deliver(
      chargeRefunded({ id: id("ch"), paymentIntentId, amount: price }, [
        { id: id("re"), amount: price / 2, created: 1 },
      ]),
    );
    const [row] = await reversalsOf(wsId);
    expect(row).toMatchObject({
      planInvoiceId: invoiceId,
      purchaseId: null,
      credits: 5_000,
      creditsTaken: 5_000,
    });
    const balance = await getBalance(testContext(new Date()), wsId);
    expect(balance?.byType.subscription.amount).toBe(5_000);
    await expectConsistent(wsId);
  });
});

describe("disputes", () => {
  async function disputed() {
    const paid = await paidPurchase({ credits: 1_000, amountCents: 3_000 });
    const dispute = {
      id: id("dp"),
      chargeId: paid.chargeId,
      paymentIntentId: paid.paymentIntentId,
      amount: 3_000,
      status: "needs_response",
    };
    return { ...paid, dispute };
  }

  it("holds the remaining credits when opened and takes them back when lost, once", async () => {
    const { team, dispute } = await disputed();
    const wsId = team.workspace.id;
    await spendCredits(team, 300);
    const created = disputeEvent("charge.dispute.created", dispute);
    expect(await deliver(created)).toMatchObject({ handled: "held" });
    expect(await deliver({ ...created, id: id("evt") })).toMatchObject({ handled: "already_applied" });
    expect(await readDebt(testDb(), wsId)).toEqual({ owed: 0, disputed: 700 });
    expect((await reversalsOf(wsId))[0]).toMatchObject({ kind: "dispute", status: "open", credits: 700 });

    const closed = disputeEvent("charge.dispute.closed", { ...dispute, status: "lost" });
    expect(await deliver(closed)).toMatchObject({ handled: "lost" });
    expect(await deliver({ ...closed, id: id("evt") })).toMatchObject({ handled: "already_applied" });
    expect(await readDebt(testDb(), wsId)).toEqual({ owed: 300, disputed: 0 });
    expect((await reversalsOf(wsId))[0]).toMatchObject({
      status: "lost",
      credits: 1_000,
      creditsTaken: 700,
      creditsOwed: 300,
    });
    const events = await eventsOf(wsId, "credit_purchase_disputed");
    expect(events.map((e) => (e.payload as { status: string }).status).sort()).toEqual(["lost", "open"]);
    expect(await auditsOf(wsId)).toHaveLength(2);
    await expectConsistent(wsId);
  });

  it("releases the held credits when the dispute is won", async () => {
    const { team, dispute } = await disputed();
    const wsId = team.workspace.id;
    await deliver(disputeEvent("charge.dispute.created", dispute));
    expect(await readDebt(testDb(), wsId)).toEqual({ owed: 0, disputed: 1_000 });
    expect(await deliver(disputeEvent("charge.dispute.closed", { ...dispute, status: "won" }))).toMatchObject(
      {
        handled: "won",
      },
    );
    expect(await readDebt(testDb(), wsId)).toEqual({ owed: 0, disputed: 0 });
    expect(await balanceOf(wsId)).toBe(1_000);
    expect((await reversalsOf(wsId))[0]).toMatchObject({ status: "won", creditsTaken: 0, creditsOwed: 0 });
    await expectConsistent(wsId);
  });

  it("handles a closed event that arrives before the created one (nothing stays held)", async () => {
    const { team, dispute } = await disputed();
    const wsId = team.workspace.id;
    expect(
      await deliver(disputeEvent("charge.dispute.closed", { ...dispute, status: "lost" })),
    ).toMatchObject({
      handled: "lost",
    });
    expect(await deliver(disputeEvent("charge.dispute.created", dispute))).toMatchObject({
      handled: "already_closed",
    });
    expect(await readDebt(testDb(), wsId)).toEqual({ owed: 0, disputed: 0 });
    expect(await balanceOf(wsId)).toBe(0);
    expect((await reversalsOf(wsId))[0]).toMatchObject({
      status: "lost",
      credits: 1_000,
      creditsTaken: 1_000,
    });
    await expectConsistent(wsId);
  });

  it("a lost dispute of a partly refunded payment takes back only what the refund left", async () => {
    const { team, dispute } = await disputed();
    const wsId = team.workspace.id;
    await deliver(
      chargeRefunded({ id: dispute.chargeId, paymentIntentId: dispute.paymentIntentId, amount: 3_000 }, [
        { id: id("re"), amount: 1_000, created: 1 },
      ]),
    );
    await deliver(disputeEvent("charge.dispute.closed", { ...dispute, amount: 2_000, status: "lost" }));
    const rows = await reversalsOf(wsId);
    expect(rows.map((r) => [r.kind, r.credits])).toEqual([
      ["refund", 333],
      ["dispute", 666],
    ]);
    expect(await balanceOf(wsId)).toBe(1);
    await expectConsistent(wsId);
  });
});

describe("reconciliation", () => {
  it("applies a refund and a dispute whose webhooks were lost, once", async () => {
    const { saveTestModeReversal } = await import("@/db/queries/test-mode-reversals");
    const { team, paymentIntentId } = await paidPurchase({ credits: 1_000, amountCents: 1_000 });
    const wsId = team.workspace.id;
    const now = new Date();
    const chargeId = paymentIntentId.replace(/^pi_/, "ch_");
    const common = {
      workspaceId: wsId,
      chargeId,
      paymentIntentId,
      currency: "usd",
      createdAt: now,
      updatedAt: now,
    };
    await saveTestModeReversal(testDb(), {
      ...common,
      // Refunded first, disputed after (Stripe refuses a refund of a disputed charge).
      createdAt: new Date(now.getTime() - 1_000),
      id: `re_test_local_${randomUUID().replaceAll("-", "")}`,
      kind: "refund",
      amountCents: 250,
      status: "succeeded",
      reason: null,
    });
    await saveTestModeReversal(testDb(), {
      ...common,
      id: `dp_test_local_${randomUUID().replaceAll("-", "")}`,
      kind: "dispute",
      amountCents: 750,
      status: "needs_response",
      reason: "fraudulent",
    });
    const run = () =>
      reconcilePayments(
        { db: testDb(), clock: manualClock(new Date(Date.now() + 60 * 60_000)) },
        { workspaceId: wsId },
      );
    const first = await run();
    expect(first.reversals.applied).toHaveLength(2);
    expect(await balanceOf(wsId)).toBe(0);
    expect(await readDebt(testDb(), wsId)).toEqual({ owed: 0, disputed: 750 });
    const second = await run();
    expect(second.reversals.applied).toEqual([]);
    expect(await reversalsOf(wsId)).toHaveLength(2);
    await expectConsistent(wsId);
  });
});
