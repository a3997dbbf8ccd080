import "server-only";
import type Stripe from "stripe";
import { closeDisputeOf, disputeOutcome, openDispute } from "../disputes";
import { getReversalMethods } from "../reversal-methods";
import { findReversalTarget } from "../reversal-target";
import { providerDispute } from "../stripe-reversals";
import type { Deps } from "@/lib/deps";
import type { WebhookResult } from "./types";

/** charge.dispute.created: the payment's remaining credits are held until the dispute is decided. */
export async function handleChargeDisputeCreated(ctx: Deps, event: Stripe.Event): Promise<WebhookResult> {
  const dispute = providerDispute(event.data.object as Stripe.Dispute);
  const target = await findReversalTarget(ctx, getReversalMethods(), dispute.paymentIntentId);
  if (!target) return { handled: "unknown_payment" };
  return { handled: await openDispute(ctx, target, dispute) };
}

/** charge.dispute.closed: won releases the held credits, lost takes back the disputed share. */
export async function handleChargeDisputeClosed(ctx: Deps, event: Stripe.Event): Promise<WebhookResult> {
  const dispute = providerDispute(event.data.object as Stripe.Dispute);
  const outcome = disputeOutcome(dispute.status);
  if (!outcome) return { handled: "not_closed" };
  const target = await findReversalTarget(ctx, getReversalMethods(), dispute.paymentIntentId);
  if (!target) return { handled: "unknown_payment" };
  return { handled: await closeDisputeOf(ctx, target, dispute, outcome) };
}
