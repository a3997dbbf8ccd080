// How many credits a refund or a lost dispute takes back: its share of what the payment bought. Pure,
// so the rule is tested on its own and written once.

/**
 * The credits due back once `refundedCents` of `amountCents` has gone back, in total: the refunded
 * share of `credits`, rounded down. Each refund takes this minus what the earlier ones took, so
 * partial refunds add up to exactly the full share (never more, rounding never drifts).
 */
export function creditsDueBack(
  payment: { credits: number; amountCents: number },
  refundedCents: number,
): number {
  if (payment.amountCents <= 0 || refundedCents <= 0) return 0;
  const cents = Math.min(refundedCents, payment.amountCents);
  // BigInt: credits × cents can pass 2^53 for large purchases.
  return Number((BigInt(payment.credits) * BigInt(cents)) / BigInt(payment.amountCents));
}

/**
 * The credits of one refund, given the cents refunded by the refunds before it (in the provider's
 * order) and the credits those took.
 */
export function refundCredits(
  payment: { credits: number; amountCents: number },
  refund: { centsBefore: number; amountCents: number; creditsBefore: number },
): number {
  const due = creditsDueBack(payment, refund.centsBefore + refund.amountCents);
  return Math.max(0, due - refund.creditsBefore);
}

/**
 * The credits a lost dispute takes back: the disputed share of the payment's credits, but never more
 * than its refunds left (a charge refunded in part and disputed for the rest gives back all, once).
 */
export function lostDisputeCredits(
  payment: { credits: number; amountCents: number },
  dispute: { amountCents: number; creditsAlreadyTaken: number },
): number {
  const share = creditsDueBack(payment, dispute.amountCents);
  return Math.max(0, Math.min(share, payment.credits - dispute.creditsAlreadyTaken));
}
