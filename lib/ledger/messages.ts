import type { LedgerFailure, LedgerFailureCode } from "./types";

const formatCredits = (value: unknown) =>
  typeof value === "number" ? `${value.toLocaleString("en-US")} credits` : "credits";

/** A sentence a person can act on, for every failure the ledger returns. */
export function describeFailure(code: LedgerFailureCode, details: Record<string, unknown>): string {
  switch (code) {
    case "insufficient_credits":
      return `Not enough credits: this needs ${formatCredits(details.required)} and ${formatCredits(details.available)} are available${
        details.freeCreditsExcluded ? " (free credits can't pay for pro models)" : ""
      }. An owner or admin can purchase credits.`;
    case "member_limit_reached":
      return `Monthly credit limit reached: ${formatCredits(details.remaining)} of this member's ${formatCredits(details.limit)} limit are left and this needs ${formatCredits(details.required)}. The limit resets ${String(details.resetsAt)}; an owner or admin can raise it in Manage Access.`;
    case "topup_not_allowed":
      return `This member may not use top-up (bought) credits, and the free and subscription credits left (${formatCredits(details.available)}) can't pay the ${formatCredits(details.required)} this needs. An owner or admin can allow top-up credits for this member in Manage Access.`;
    case "key_budget_reached":
      return `This API key's monthly credit cap is reached: ${formatCredits(details.remaining)} of its ${formatCredits(details.cap)} cap are left and this needs ${formatCredits(details.required)}. The cap resets ${String(details.resetsAt)}; an owner or admin can raise it on the API keys page.`;
    case "model_not_allowed":
      return `This API key may not be used for ${JSON.stringify(details.feature)} with model ${JSON.stringify(details.model)}. An owner or admin can change the key's allowed features and models on the API keys page.`;
    case "subscription_required":
      return "Pro models need an active subscription. An owner or admin can upgrade the plan.";
    case "credits_owed":
      return `This workspace owes ${formatCredits(details.owed)}: a payment for credits was refunded or disputed after its credits were used. Nothing can be spent until the debt is paid off; an owner or admin can buy credits (the purchase pays the debt first).`;
    case "invalid_input":
      return "The request is not valid.";
    case "idempotency_conflict":
      return "This idempotency key was already used for a different request.";
    case "workspace_not_found":
      return "No such workspace.";
    case "api_key_revoked":
      return "This API key is not valid or has been revoked.";
    case "member_not_found":
      return "No such member in this workspace.";
    case "unknown_feature":
      return `Unknown feature ${JSON.stringify(details.feature)}.`;
    case "unknown_model":
      return `Unknown model ${JSON.stringify(details.model)} for feature ${JSON.stringify(details.feature)}.`;
    case "unknown_settings":
      return `No price for these settings of ${JSON.stringify(details.model)}.`;
    case "hold_not_found":
      return "No such hold.";
    case "hold_not_active":
      return `The hold is already ${String(details.status)}.`;
    case "hold_expired":
      return "The hold timed out and its credits were released.";
    case "exceeds_hold":
      return `The actual cost (${formatCredits(details.required)}) is more than was held (${formatCredits(details.held)}).`;
    case "entry_not_found":
      return "No such spend to refund.";
    case "exceeds_refundable":
      return `At most ${formatCredits(details.refundable)} of this spend can still be refunded.`;
    case "invalid_amount":
      return "The amount must be a positive whole number of credits.";
    case "invalid_expiry":
      return "The expiry must be in the future.";
    case "lot_not_found":
      return "No such credit lot in this workspace.";
  }
}

export function failure(code: LedgerFailureCode, details: Record<string, unknown> = {}): LedgerFailure {
  return { ok: false, code, message: describeFailure(code, details), details };
}
