// Stripe webhooks, signed by the Stripe SDK itself: valid, invalid, stale, duplicated (also
// concurrently) and out of order. Credits are added exactly once, and only for a paid checkout.
import "../../support/actions";
import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import Stripe from "stripe";
import { describe, expect, it } from "vitest";
import { auditEvents, creditEvents, creditPurchases, ledgerEntries } from "@/db/schema";
import { getBalance } from "@/lib/ledger";
import { handleStripeWebhook } from "@/lib/payments/webhooks";
import { verifyLedger } from "@/lib/ledger/verify";
import { makeTeam } from "../../support/access";
import { testContext, testDb } from "../../support/db";

const SECRET = "whsec_test_webhooks_secret";
const stripe = new Stripe("sk_test_for_signing_only");

async function pendingPurchase(credits = 5_000, amountCents = 5_000) {
  const team = await makeTeam();
  const now = new Date();
  const [purchase] = await testDb()
    .insert(creditPurchases)
    .values({
      workspaceId: team.workspace.id,
      provider: "stripe",
      credits,
      amountCents,
      checkoutSessionId: `cs_test_${randomUUID().replaceAll("-", "")}`,
      createdByUserId: team.owner.user.id,
      createdAt: now,
      updatedAt: now,
    })
    .returning();
  return { team, purchase: purchase! };
}

type Purchase = Awaited<ReturnType<typeof pendingPurchase>>["purchase"];

function completed(purchase: Purchase, extra: Record<string, unknown> = {}) {
  return {
    id: `evt_${randomUUID().replaceAll("-", "")}`,
    object: "event",
    type: "checkout.session.completed",
    created: Math.floor(Date.now() / 1000),
    data: {
      object: {
        id: purchase.checkoutSessionId,
        object: "checkout.session",
        payment_status: "paid",
        payment_intent: `pi_${purchase.id.replaceAll("-", "")}`,
        amount_total: purchase.amountCents,
        metadata: { purchaseId: purchase.id, workspaceId: purchase.workspaceId },
        ...extra,
      },
    },
  };
}

function failed(purchase: Purchase, declineCode = "insufficient_funds") {
  return {
    id: `evt_${randomUUID().replaceAll("-", "")}`,
    object: "event",
    type: "payment_intent.payment_failed",
    created: Math.floor(Date.now() / 1000),
    data: {
      object: {
        id: `pi_${purchase.id.replaceAll("-", "")}`,
        object: "payment_intent",
        metadata: { purchaseId: purchase.id, workspaceId: purchase.workspaceId },
        last_payment_error: {
          code: "card_declined",
          decline_code: declineCode,
          message: "Your card has insufficient funds.",
        },
      },
    },
  };
}

function expired(purchase: Purchase) {
  return {
    id: `evt_${randomUUID().replaceAll("-", "")}`,
    object: "event",
    type: "checkout.session.expired",
    data: {
      object: {
        id: purchase.checkoutSessionId,
        object: "checkout.session",
        payment_status: "unpaid",
        metadata: { purchaseId: purchase.id },
      },
    },
  };
}

function deliver(
  event: unknown,
  options: { secret?: string; timestamp?: number; body?: string; header?: string | null } = {},
) {
  const payload = options.body ?? JSON.stringify(event);
  const header =
    options.header !== undefined
      ? options.header
      : stripe.webhooks.generateTestHeaderString({
          payload: JSON.stringify(event),
          secret: options.secret ?? SECRET,
          timestamp: options.timestamp,
        });
  return handleStripeWebhook(testContext(new Date()), payload, header, SECRET);
}

async function state(workspaceId: string, purchaseId: string) {
  const db = testDb();
  const balance = await getBalance(testContext(new Date()), workspaceId);
  const [purchase] = await db.select().from(creditPurchases).where(eq(creditPurchases.id, purchaseId));
  const entries = await db.select().from(ledgerEntries).where(eq(ledgerEntries.workspaceId, workspaceId));
  const events = await db.select().from(creditEvents).where(eq(creditEvents.workspaceId, workspaceId));
  const audits = await db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.workspaceId, workspaceId), eq(auditEvents.action, "credits.purchased")));
  return {
    balance: balance?.total,
    lifetimeAdded: balance?.lifetimeAdded,
    purchase,
    entries,
    events,
    audits,
  };
}

describe("Stripe webhook", () => {
  it("adds the purchased credits as never-expiring top-up credits on a verified completed checkout", async () => {
    const { team, purchase } = await pendingPurchase();
    const response = await deliver(completed(purchase));
    expect(response).toEqual({ status: 200, body: { received: true, handled: "granted" } });
    const after = await state(team.workspace.id, purchase.id);
    expect(after.balance).toBe(5_000);
    expect(after.purchase).toMatchObject({ status: "paid", ledgerEntryId: after.entries[0]!.id });
    expect(after.entries).toMatchObject([
      {
        code: "top_up",
        amount: 5_000,
        splitTopUp: 5_000,
        idempotencyKey: `stripe:${purchase.checkoutSessionId}`,
      },
    ]);
    expect(after.audits).toHaveLength(1);
    expect(await verifyLedger(testDb(), { workspaceId: team.workspace.id })).toEqual([]);
  });

  it("refuses a bad signature, a tampered body, a stale timestamp and a missing header with 400, writing nothing", async () => {
    const { team, purchase } = await pendingPurchase();
    const event = completed(purchase);
    expect(await deliver(event, { secret: "whsec_someone_else" })).toMatchObject({ status: 400 });
    expect(
      await deliver(event, { body: JSON.stringify(completed(purchase, { id: "cs_other" })) }),
    ).toMatchObject({ status: 400 });
    expect(await deliver(event, { timestamp: Math.floor(Date.now() / 1000) - 301 })).toMatchObject({
      status: 400,
    });
    expect(await deliver(event, { header: null })).toMatchObject({ status: 400 });
    const after = await state(team.workspace.id, purchase.id);
    expect(after).toMatchObject({ balance: 0, entries: [], events: [], purchase: { status: "pending" } });
  });

  it("adds nothing twice: a replayed event, ten concurrent copies, and a second event for the same payment", async () => {
    const { team, purchase } = await pendingPurchase();
    const event = completed(purchase);
    const results = await Promise.all(Array.from({ length: 10 }, () => deliver(event)));
    expect(results.every((r) => r.status === 200)).toBe(true);
    expect(await deliver(event)).toEqual({ status: 200, body: { received: true, duplicate: true } });
    const asyncSucceeded = { ...completed(purchase), type: "checkout.session.async_payment_succeeded" };
    expect(await deliver(asyncSucceeded)).toMatchObject({ status: 200, body: { handled: "already_paid" } });
    const after = await state(team.workspace.id, purchase.id);
    expect(after.balance).toBe(5_000);
    expect(after.entries).toHaveLength(1);
    expect(after.audits).toHaveLength(1);
  });

  it("takes the amount from its own record, never from the event", async () => {
    const { team, purchase } = await pendingPurchase(1_000, 1_000);
    await deliver(
      completed(purchase, {
        amount_total: 99_999_00,
        metadata: { purchaseId: purchase.id, credits: "999999" },
      }),
    );
    expect((await state(team.workspace.id, purchase.id)).balance).toBe(1_000);
  });

  // Issue 17, point 12: a decline inside a checkout that is still open is not a failed payment (the
  // buyer may pay with another card); only the checkout's unpaid end is, named by the decline.
  it("notes a decline inside an open checkout without a failure; the checkout's expiry reports it once", async () => {
    const { team, purchase } = await pendingPurchase();
    const decline = failed(purchase);
    expect(await deliver(decline)).toMatchObject({
      status: 200,
      body: { handled: "declined_checkout_open" },
    });
    expect(await deliver(decline)).toMatchObject({ status: 200, body: { duplicate: true } });
    const during = await state(team.workspace.id, purchase.id);
    expect(during).toMatchObject({
      balance: 0,
      entries: [],
      events: [],
      purchase: { status: "pending", failureCode: "insufficient_funds" },
    });
    await deliver(expired(purchase));
    await deliver(expired(purchase));
    const after = await state(team.workspace.id, purchase.id);
    expect(after.purchase).toMatchObject({ status: "expired", failureCode: "insufficient_funds" });
    expect(after.events).toMatchObject([
      { type: "credit_purchase_failed", payload: { reason: "insufficient_funds", credits: 5_000 } },
    ]);
  });

  it("is safe in any order: a decline then a successful retry pays once; an expiry after payment changes nothing", async () => {
    const { team, purchase } = await pendingPurchase();
    await deliver(failed(purchase, "generic_decline"));
    await deliver(completed(purchase));
    await deliver(expired(purchase));
    await deliver(failed(purchase));
    const after = await state(team.workspace.id, purchase.id);
    expect(after.balance).toBe(5_000);
    expect(after.purchase).toMatchObject({ status: "paid", failureCode: null });
    // The decline came while the checkout was open and it ended paid: no failure to report.
    expect(after.events).toEqual([]);
  });

  it("expires an abandoned checkout without adding anything, and acknowledges unknown events", async () => {
    const { team, purchase } = await pendingPurchase();
    expect(await deliver(expired(purchase))).toMatchObject({ status: 200, body: { handled: "failed" } });
    expect(await deliver({ id: "evt_x", type: "customer.created", data: { object: {} } })).toEqual({
      status: 200,
      body: { received: true, ignored: "customer.created" },
    });
    const after = await state(team.workspace.id, purchase.id);
    expect(after).toMatchObject({ balance: 0, purchase: { status: "expired" } });
    expect(after.events).toMatchObject([
      { type: "credit_purchase_failed", payload: { reason: "checkout_expired" } },
    ]);
  });

  it("waits for an unpaid completed session (delayed payment methods) without adding credits", async () => {
    const { team, purchase } = await pendingPurchase();
    expect(await deliver(completed(purchase, { payment_status: "unpaid" }))).toMatchObject({
      body: { handled: "waiting_for_payment" },
    });
    expect((await state(team.workspace.id, purchase.id)).balance).toBe(0);
  });
});
