import "server-only";
import type Stripe from "stripe";
import { getReversalMethods } from "../reversal-methods";
import { reconcileChargeRefunds } from "../refunds";
import { findReversalTarget } from "../reversal-target";
import type { Deps } from "@/lib/deps";
import type { WebhookResult } from "./types";

function idOf(value: string | { id: string } | null | undefined): string | null {
  if (!value) return null;
  return typeof value === "string" ? value : value.id;
}

/**
 * charge.refunded: one or more refunds of a charge (Stripe sends it for each, full or partial). Every
 * refund of the charge is applied that is not yet, each keyed by its own id, so a replayed, late or
 * out-of-order event takes nothing twice.
 */
export async function handleChargeRefunded(ctx: Deps, event: Stripe.Event): Promise<WebhookResult> {
  const charge = event.data.object as Stripe.Charge;
  const provider = getReversalMethods();
  const target = await findReversalTarget(ctx, provider, idOf(charge.payment_intent));
  if (!target) return { handled: "unknown_payment" };
  const outcome = await reconcileChargeRefunds(ctx, provider, target, charge);
  return { handled: outcome.applied.length > 0 ? "refunded" : "already_refunded" };
}
