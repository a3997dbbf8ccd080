// Reconciliation on real PostgreSQL, in test mode (the stand-in keeps its own record of payments,
// as Stripe's account does): a payment the provider took whose webhook never arrived is granted
// once, however many reconcilers run; a grant whose purchase was never marked paid is not granted
// again; pending purchases get the provider's outcome; auto top-ups left unfinished are finished;
// and a payment that matches nothing is reported, never granted.
import "../../support/actions";
import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditEvents, creditEvents, creditPurchases, ledgerEntries } from "@/db/schema";
import { startPurchaseAction } from "@/lib/actions/credits/start-purchase";
import { completeTestCheckoutAction } from "@/lib/actions/credits/complete-test-checkout";
import { manualClock } from "@/lib/clock";
import { sweepAutoTopUps, CONFIRMATION_TIMEOUT_MS } from "@/lib/payments/auto-top-up-charge";
import { getBalance } from "@/lib/ledger";
import { verifyLedger } from "@/lib/ledger/verify";
import { reconcilePayments } from "@/lib/payments/reconcile";
import { recordTestModePayment, testCheckoutPaymentIntentId } from "@/lib/payments/test-mode";
import { actAs } from "../../support/actions";
import { makeTeam } from "../../support/access";
import { autoTopUps, enableAutoTopUp, enterpriseTeam, spendCredits } from "../../support/auto-top-up";
import { ensureTestRates, fund, testContext, testDb } from "../../support/db";

beforeAll(async () => {
  await ensureTestRates();
});

const HOUR = 60 * 60_000;

/** Reconciles one workspace as of `hours` from now (past the default 10-minute settling time). */
function reconcile(workspaceId: string, hours = 1) {
  return reconcilePayments(
    { db: testDb(), clock: manualClock(new Date(Date.now() + hours * HOUR)) },
    { workspaceId },
  );
}

const balanceOf = async (workspaceId: string) =>
  (await getBalance(testContext(new Date()), workspaceId))?.total;

async function purchaseOf(id: string) {
  const [row] = await testDb().select().from(creditPurchases).where(eq(creditPurchases.id, id));
  return row!;
}

async function grantsOf(workspaceId: string, code: "top_up" | "auto_top_up") {
  return testDb()
    .select()
    .from(ledgerEntries)
    .where(and(eq(ledgerEntries.workspaceId, workspaceId), eq(ledgerEntries.code, code)));
}

/** An admin opens a test-mode checkout for `credits`; returns its purchase. */
async function openCheckout(team: Awaited<ReturnType<typeof makeTeam>>, credits: number) {
  actAs(team.admin.user);
  const started = await startPurchaseAction({ workspaceId: team.workspace.id, credits });
  if (!started.ok) throw new Error(started.error.message);
  const [purchase] = await testDb()
    .select()
    .from(creditPurchases)
    .where(eq(creditPurchases.checkoutSessionId, started.data.checkout.sessionId));
  return purchase!;
}

/** The buyer pays on the test checkout page (the stand-in records it and sends the webhook). */
function payAtCheckout(
  team: Awaited<ReturnType<typeof makeTeam>>,
  purchase: { checkoutSessionId: string | null },
) {
  actAs(team.admin.user);
  return completeTestCheckoutAction({
    workspaceId: team.workspace.id,
    sessionId: purchase.checkoutSessionId!,
    action: "pay",
    cardNumber: "4242424242424242",
  });
}

/** The stand-in's "Stripe" takes the money, and then the process dies before the webhook is sent. */
async function paidWithoutWebhook(
  purchase: Awaited<ReturnType<typeof openCheckout>>,
  outcome: "succeeds" | "declined" | "abandoned" = "succeeds",
  amountCents = purchase.amountCents,
) {
  await recordTestModePayment(
    { db: testDb(), clock: manualClock(new Date()) },
    {
      object: "checkout_session",
      id: purchase.checkoutSessionId!,
      paymentIntentId: testCheckoutPaymentIntentId(purchase),
      purchaseId: purchase.id,
      workspaceId: purchase.workspaceId,
      amountCents,
      currency: purchase.currency,
      outcome,
      ...(outcome === "declined"
        ? { failure: { code: "insufficient_funds", message: "Your card has insufficient funds." } }
        : {}),
    },
  );
}

describe("a payment with no grant", () => {
  it("is granted once, says so in the audit log, and the webhook arriving late adds nothing", async () => {
    const team = await makeTeam();
    const purchase = await openCheckout(team, 25_000);
    await paidWithoutWebhook(purchase);
    expect(await balanceOf(team.workspace.id)).toBe(0);

    const report = await reconcile(team.workspace.id);
    expect(report).toMatchObject({ skipped: false, mismatches: [] });
    expect(report.repairs).toMatchObject([{ purchaseId: purchase.id, action: "granted", credits: 25_000 }]);
    expect(await balanceOf(team.workspace.id)).toBe(25_000);

    const [entry, ...more] = await grantsOf(team.workspace.id, "top_up");
    expect(more).toHaveLength(0);
    expect(entry).toMatchObject({ amount: 25_000, idempotencyKey: `stripe:${purchase.checkoutSessionId}` });
    expect(await purchaseOf(purchase.id)).toMatchObject({ status: "paid", ledgerEntryId: entry!.id });
    const audit = await testDb()
      .select()
      .from(auditEvents)
      .where(
        and(eq(auditEvents.workspaceId, team.workspace.id), eq(auditEvents.action, "credits.purchased")),
      );
    expect(audit).toMatchObject([{ after: { credits: 25_000, recoveredBy: "reconciliation" } }]);

    // Nothing left to do; and the webhook, arriving at last, adds nothing either.
    expect((await reconcile(team.workspace.id)).repairs).toEqual([]);
    const late = await payAtCheckout(team, purchase);
    expect(late).toEqual({ ok: true, data: { status: "paid", message: "Already paid." } });
    expect(await balanceOf(team.workspace.id)).toBe(25_000);
    expect(await verifyLedger(testDb(), { workspaceId: team.workspace.id })).toEqual([]);
  });

  it("is granted once when reconcilers race each other and the webhook", async () => {
    const team = await makeTeam();
    const purchase = await openCheckout(team, 5_000);
    await paidWithoutWebhook(purchase);
    const [first, second] = await Promise.all([
      reconcile(team.workspace.id),
      reconcile(team.workspace.id),
      payAtCheckout(team, purchase),
    ]);
    // At most one reconciliation of a scope runs at a time; the other says it skipped.
    expect([first!.skipped, second!.skipped].filter(Boolean).length).toBeLessThanOrEqual(1);
    expect(await grantsOf(team.workspace.id, "top_up")).toHaveLength(1);
    expect(await balanceOf(team.workspace.id)).toBe(5_000);
    expect(await purchaseOf(purchase.id)).toMatchObject({ status: "paid" });
  });

  it("marks a purchase paid whose grant was written but whose status change was lost, without granting again", async () => {
    const team = await makeTeam();
    const purchase = await openCheckout(team, 5_000);
    const paid = await payAtCheckout(team, purchase);
    expect(paid.ok).toBe(true);
    const { ledgerEntryId } = await purchaseOf(purchase.id);
    // As if the process died between the grant's transaction and the purchase's.
    await testDb()
      .update(creditPurchases)
      .set({ status: "pending", ledgerEntryId: null, paidAt: null })
      .where(eq(creditPurchases.id, purchase.id));

    const report = await reconcile(team.workspace.id);
    expect(report.repairs).toMatchObject([{ purchaseId: purchase.id, action: "marked_paid" }]);
    expect(await purchaseOf(purchase.id)).toMatchObject({ status: "paid", ledgerEntryId });
    expect(await grantsOf(team.workspace.id, "top_up")).toHaveLength(1);
    expect(await balanceOf(team.workspace.id)).toBe(5_000);
  });

  it("reports a payment that matches no purchase, or differs from its purchase, and grants nothing", async () => {
    const team = await makeTeam();
    const purchase = await openCheckout(team, 5_000);
    const stranger = randomUUID();
    await recordTestModePayment(
      { db: testDb(), clock: manualClock(new Date()) },
      {
        object: "payment_intent",
        id: `pi_test_local_stranger_${stranger.slice(0, 8)}`,
        paymentIntentId: `pi_test_local_stranger_${stranger.slice(0, 8)}`,
        purchaseId: stranger,
        workspaceId: team.workspace.id,
        amountCents: 1_000,
        currency: "usd",
        outcome: "succeeds",
      },
    );
    // Paid at the provider for less than our record says.
    await paidWithoutWebhook(purchase, "succeeds", purchase.amountCents - 1);
    const report = await reconcile(team.workspace.id);
    expect(report.repairs).toEqual([]);
    expect(report.mismatches).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ purchaseId: stranger, reason: "unknown_purchase" }),
        expect.objectContaining({ purchaseId: purchase.id, reason: "amount_differs" }),
      ]),
    );
    expect(await balanceOf(team.workspace.id)).toBe(0);
    expect(await purchaseOf(purchase.id)).toMatchObject({ status: "pending" });
  });
});

describe("purchases left pending", () => {
  it("takes a declined or abandoned checkout's outcome from the provider, with credit_purchase_failed", async () => {
    const team = await makeTeam();
    const declined = await openCheckout(team, 5_000);
    const abandoned = await openCheckout(team, 5_000);
    await paidWithoutWebhook(declined, "declined");
    await paidWithoutWebhook(abandoned, "abandoned");

    const report = await reconcile(team.workspace.id);
    expect(report.repairs).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ purchaseId: declined.id, action: "recorded_failure" }),
        expect.objectContaining({ purchaseId: abandoned.id, action: "expired" }),
      ]),
    );
    expect(await purchaseOf(declined.id)).toMatchObject({
      status: "failed",
      failureCode: "insufficient_funds",
    });
    expect(await purchaseOf(abandoned.id)).toMatchObject({ status: "expired" });
    const failed = await testDb()
      .select()
      .from(creditEvents)
      .where(
        and(eq(creditEvents.workspaceId, team.workspace.id), eq(creditEvents.type, "credit_purchase_failed")),
      );
    expect(failed.map((e) => (e.payload as { purchaseId: string }).purchaseId).sort()).toEqual(
      [declined.id, abandoned.id].sort(),
    );
    expect(await balanceOf(team.workspace.id)).toBe(0);
    expect((await reconcile(team.workspace.id)).repairs).toEqual([]);
  });

  it("leaves a checkout nobody has paid open for its lifetime, then expires it", async () => {
    const team = await makeTeam();
    const purchase = await openCheckout(team, 5_000);
    // Within the settling time it is not even looked at; after it, it is still open.
    expect((await reconcile(team.workspace.id, 0)).purchasesChecked).toBe(0);
    const early = await reconcile(team.workspace.id, 2);
    expect(early).toMatchObject({ repairs: [], stillOpen: 1 });
    expect(await purchaseOf(purchase.id)).toMatchObject({ status: "pending" });

    const late = await reconcile(team.workspace.id, 25);
    expect(late.repairs).toMatchObject([{ purchaseId: purchase.id, action: "expired" }]);
    expect(await purchaseOf(purchase.id)).toMatchObject({
      status: "expired",
      failureCode: "checkout_expired",
    });
  });
});

describe("unfinished auto top-ups", () => {
  /** An Enterprise team whose spend just crossed the threshold: one pending attempt, never charged. */
  async function crossed() {
    const ctx = testContext(new Date());
    const team = await enterpriseTeam();
    await enableAutoTopUp(team, { threshold: 1_000, credits: 5_000 });
    await fund(ctx, team.workspace.id, 1_200);
    await spendCredits(ctx, team.workspace.id, team.owner.membership.id, 300);
    const [attempt] = await autoTopUps(team.workspace.id);
    expect(attempt).toMatchObject({ status: "pending", paymentIntentId: null });
    return { team, attempt: attempt! };
  }

  it("charges an attempt the job never charged, once", async () => {
    const { team, attempt } = await crossed();
    const reports = await Promise.all([reconcile(team.workspace.id), reconcile(team.workspace.id)]);
    expect(reports.flatMap((r) => r.repairs).filter((r) => r.action === "charged")).toHaveLength(1);
    expect(reports.filter((r) => r.skipped)).toHaveLength(1);
    expect(await purchaseOf(attempt.id)).toMatchObject({ status: "paid" });
    expect(await grantsOf(team.workspace.id, "auto_top_up")).toHaveLength(1);
    expect(await balanceOf(team.workspace.id)).toBe(900 + 5_000);
    expect((await reconcile(team.workspace.id)).repairs).toEqual([]);
  });

  it("grants a charge the provider took whose webhook never came, even after the sweep gave it up", async () => {
    const { team, attempt } = await crossed();
    const paymentIntentId = `pi_test_local_${attempt.id.replaceAll("-", "").slice(0, 24)}`;
    // The charge went through at the provider and its id was stored; the success event was lost.
    await recordTestModePayment(
      { db: testDb(), clock: manualClock(new Date()) },
      {
        object: "payment_intent",
        id: paymentIntentId,
        paymentIntentId,
        purchaseId: attempt.id,
        workspaceId: team.workspace.id,
        amountCents: attempt.amountCents,
        currency: attempt.currency,
        outcome: "succeeds",
      },
    );
    await testDb().update(creditPurchases).set({ paymentIntentId }).where(eq(creditPurchases.id, attempt.id));
    // Half an hour on, the sweep gives the attempt up as never confirmed.
    const later = manualClock(new Date(Date.now() + CONFIRMATION_TIMEOUT_MS + 60_000));
    await sweepAutoTopUps({ db: testDb(), clock: later });
    expect(await purchaseOf(attempt.id)).toMatchObject({ status: "expired", failureCode: "no_confirmation" });

    const report = await reconcile(team.workspace.id);
    expect(report.repairs).toMatchObject([{ purchaseId: attempt.id, action: "granted", credits: 5_000 }]);
    expect(await purchaseOf(attempt.id)).toMatchObject({ status: "paid" });
    expect(await grantsOf(team.workspace.id, "auto_top_up")).toMatchObject([
      { amount: 5_000, idempotencyKey: `stripe:${paymentIntentId}` },
    ]);
    expect(await balanceOf(team.workspace.id)).toBe(900 + 5_000);
    expect(await verifyLedger(testDb(), { workspaceId: team.workspace.id })).toEqual([]);
  });

  it("gives up an attempt never charged that is too old to charge safely, and charges nothing", async () => {
    const { team, attempt } = await crossed();
    const report = await reconcile(team.workspace.id, 24);
    expect(report.repairs).toMatchObject([{ purchaseId: attempt.id, action: "expired" }]);
    expect(await purchaseOf(attempt.id)).toMatchObject({ status: "expired", failureCode: "never_charged" });
    expect(await balanceOf(team.workspace.id)).toBe(900);
  });
});
