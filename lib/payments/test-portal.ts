// The test-mode portal's Refund, Open dispute, Win and Lose: what a refund in Stripe's dashboard or a
// cardholder's bank would do. The stand-in records the refund or dispute first (as Stripe's account
// would hold it), then sends the signed event Stripe would send through the same webhook handling;
// nothing here moves credits itself.
import "server-only";
import { randomUUID } from "node:crypto";
import {
  listTestModeReversalsOfCharge,
  listTestModeReversalsOfWorkspace,
  saveTestModeReversal,
} from "@/db/queries/test-mode-reversals";
import type { Executor } from "@/db";
import { formatCents } from "@/lib/billing/top-ups";
import type { CreditPurchase, TestModeReversal } from "@/db/schema";
import { deliverTestModeEvents, testModeEvent } from "./test-mode";
import { testModeChargeId, testModeInvoicePaymentIntentId } from "./test-mode-reversals";
import type { PlanInvoice } from "./test-mode-invoices";
import type { Deps } from "@/lib/deps";

/** A paid payment the portal lists: a purchase or auto top-up, or a plan invoice. */
export type PortalPayment =
  | {
      kind: "purchase";
      purchase: Pick<CreditPurchase, "id" | "workspaceId" | "amountCents" | "currency" | "paymentIntentId">;
    }
  | { kind: "plan"; workspaceId: string; invoice: Pick<PlanInvoice, "id" | "amountCents"> };

export type PortalReversal =
  | { action: "refund"; amountCents: number }
  | { action: "open_dispute" }
  | { action: "win" }
  | { action: "lose" };

export type PortalRefusal = { code: "conflict" | "invalid_input"; message: string };

/** Where a payment stands at the stand-in: what was refunded, and its dispute if it has one. */
export type ChargeState = { refundedCents: number; dispute: TestModeReversal | null };

function paymentOf(payment: PortalPayment) {
  if (payment.kind === "purchase") {
    const intent = payment.purchase.paymentIntentId;
    return {
      workspaceId: payment.purchase.workspaceId,
      paymentIntentId: intent,
      amountCents: payment.purchase.amountCents,
      currency: payment.purchase.currency,
    };
  }
  return {
    workspaceId: payment.workspaceId,
    paymentIntentId: testModeInvoicePaymentIntentId(payment.invoice.id),
    amountCents: payment.invoice.amountCents,
    currency: "usd",
  };
}

export function chargeStateOf(rows: readonly TestModeReversal[]): ChargeState {
  return {
    refundedCents: rows.filter((r) => r.kind === "refund").reduce((sum, r) => sum + r.amountCents, 0),
    dispute: rows.findLast((r) => r.kind === "dispute") ?? null,
  };
}

/** What the portal shows of one payment: cents left to refund, refunded so far, and its dispute. */
export type PortalPaymentState = {
  refundableCents: number;
  refundedCents: number;
  dispute: "needs_response" | "won" | "lost" | null;
};

/** The portal's state of each payment (by its PaymentIntent), read from the stand-in's record. */
export async function portalPaymentStates(
  db: Executor,
  workspaceId: string,
): Promise<(payment: { paymentIntentId: string | null; amountCents: number }) => PortalPaymentState> {
  const rows = await listTestModeReversalsOfWorkspace(db, workspaceId);
  return (payment) => {
    const chargeId = payment.paymentIntentId ? testModeChargeId(payment.paymentIntentId) : null;
    const state = chargeStateOf(rows.filter((row) => row.chargeId === chargeId));
    const status = state.dispute?.status;
    return {
      refundableCents: Math.max(0, payment.amountCents - state.refundedCents),
      refundedCents: state.refundedCents,
      dispute: status === "needs_response" || status === "won" || status === "lost" ? status : null,
    };
  };
}

/** Why Stripe would refuse this on this charge (null: it would do it). */
export function refusalOf(
  state: ChargeState,
  amountCents: number,
  reversal: PortalReversal,
): PortalRefusal | null {
  const left = amountCents - state.refundedCents;
  const dispute = state.dispute;
  switch (reversal.action) {
    case "refund":
      if (dispute && dispute.status !== "won")
        return { code: "conflict", message: "This payment is disputed: it can't be refunded as well." };
      if (left <= 0) return { code: "conflict", message: "This payment is already refunded in full." };
      if (reversal.amountCents > left)
        return { code: "invalid_input", message: `At most ${formatCents(left)} is left to refund.` };
      return null;
    case "open_dispute":
      if (dispute) return { code: "conflict", message: "This payment has a dispute already." };
      if (left <= 0) return { code: "conflict", message: "A payment refunded in full can't be disputed." };
      return null;
    case "win":
    case "lose":
      if (dispute?.status !== "needs_response")
        return { code: "conflict", message: "This payment has no open dispute to decide." };
      return null;
  }
}

type Charge = ReturnType<typeof paymentOf> & { paymentIntentId: string; chargeId: string };

/** A refund or dispute as Stripe's API shapes it (the two share these fields). */
function stripeObject(row: TestModeReversal) {
  return {
    id: row.id,
    object: row.kind,
    amount: row.amountCents,
    charge: row.chargeId,
    payment_intent: row.paymentIntentId,
    currency: row.currency,
    status: row.status,
    reason: row.reason,
    created: Math.floor(row.createdAt.getTime() / 1000),
  };
}

/** The charge.refunded event: the charge with every refund so far (as Stripe's expanded charge has them). */
function refundedEvent(charge: Charge, refunds: TestModeReversal[], at: Date) {
  const refunded = refunds.reduce((sum, r) => sum + r.amountCents, 0);
  return testModeEvent(
    "charge.refunded",
    {
      id: charge.chargeId,
      object: "charge",
      amount: charge.amountCents,
      amount_refunded: refunded,
      refunded: refunded >= charge.amountCents,
      currency: charge.currency,
      payment_intent: charge.paymentIntentId,
      paid: true,
      status: "succeeded",
      refunds: { object: "list", data: refunds.map(stripeObject), has_more: false },
    },
    at,
  );
}

/**
 * What Stripe would do for the portal's button, up to its event: records the refund or dispute at the
 * stand-in and returns the event to send (or why Stripe would refuse it, having written nothing).
 */
export async function prepareTestModeReversal(
  ctx: Deps,
  payment: PortalPayment,
  reversal: PortalReversal,
): Promise<{ refusal: PortalRefusal } | { event: ReturnType<typeof testModeEvent> }> {
  const base = paymentOf(payment);
  const intent = base.paymentIntentId;
  if (!intent)
    return {
      refusal: { code: "conflict", message: "This payment has no charge at the stand-in to reverse." },
    };
  const charge: Charge = { ...base, paymentIntentId: intent, chargeId: testModeChargeId(intent) };
  const rows = await listTestModeReversalsOfCharge(ctx.db, charge.chargeId);
  const state = chargeStateOf(rows);
  const refusal = refusalOf(state, charge.amountCents, reversal);
  if (refusal) return { refusal };
  const now = ctx.clock.now();
  const common = {
    workspaceId: charge.workspaceId,
    chargeId: charge.chargeId,
    paymentIntentId: charge.paymentIntentId,
    currency: charge.currency,
    updatedAt: now,
  };
  if (reversal.action === "refund") {
    const refund: TestModeReversal = {
      ...common,
      id: `re_test_local_${randomUUID().replaceAll("-", "")}`,
      kind: "refund",
      amountCents: reversal.amountCents,
      status: "succeeded",
      reason: "requested_by_customer",
      createdAt: now,
    };
    await saveTestModeReversal(ctx.db, refund);
    const refunds = [...rows.filter((r) => r.kind === "refund"), refund];
    return { event: refundedEvent(charge, refunds, now) };
  }
  if (reversal.action === "open_dispute") {
    const dispute: TestModeReversal = {
      ...common,
      id: `dp_test_local_${randomUUID().replaceAll("-", "")}`,
      kind: "dispute",
      amountCents: charge.amountCents - state.refundedCents,
      status: "needs_response",
      reason: "fraudulent",
      createdAt: now,
    };
    await saveTestModeReversal(ctx.db, dispute);
    return { event: testModeEvent("charge.dispute.created", stripeObject(dispute), now) };
  }
  const open = state.dispute;
  if (!open) return { refusal: { code: "conflict", message: "This payment has no open dispute to decide." } };
  const closed = { ...open, status: reversal.action === "win" ? "won" : "lost", updatedAt: now };
  await saveTestModeReversal(ctx.db, closed);
  return { event: testModeEvent("charge.dispute.closed", stripeObject(closed), now) };
}

/**
 * Does what Stripe would for the portal's button: records the refund or dispute at the stand-in and
 * delivers its event, signed, to the webhook handling. A refusal writes nothing.
 */
export async function reverseInTestMode(
  ctx: Deps,
  payment: PortalPayment,
  reversal: PortalReversal,
): Promise<PortalRefusal | null> {
  const prepared = await prepareTestModeReversal(ctx, payment, reversal);
  if ("refusal" in prepared) return prepared.refusal;
  // Only the database and the clock, as a request from Stripe would bring.
  const responses = await deliverTestModeEvents({ db: ctx.db, clock: ctx.clock }, [prepared.event]);
  if (responses.some((r) => r.status !== 200)) throw new Error("test-mode webhook delivery was refused");
  return null;
}
