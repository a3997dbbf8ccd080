// The test-mode stand-in's saved cards for off-session charges (auto top-up). Pure, so the Auto
// Top Up dialog's test card picker shows the same list the server charges.
export type TestPaymentMethod = {
  /** Stripe's own test PaymentMethod ids, which behave the same way against Stripe's test mode. */
  id: "pm_card_visa" | "pm_card_chargeDeclinedInsufficientFunds" | "pm_card_authenticationRequired";
  brand: string;
  last4: string;
  label: string;
  outcome: "succeeds" | "declined" | "requires_authentication";
};

export const TEST_PAYMENT_METHODS: readonly TestPaymentMethod[] = [
  { id: "pm_card_visa", brand: "visa", last4: "4242", label: "Payments succeed", outcome: "succeeds" },
  {
    id: "pm_card_chargeDeclinedInsufficientFunds",
    brand: "visa",
    last4: "9995",
    label: "Declined: insufficient funds",
    outcome: "declined",
  },
  {
    id: "pm_card_authenticationRequired",
    brand: "visa",
    last4: "3184",
    label: "Requires authentication (3D Secure)",
    outcome: "requires_authentication",
  },
];

export function findTestPaymentMethod(id: string): TestPaymentMethod | null {
  return TEST_PAYMENT_METHODS.find((method) => method.id === id) ?? null;
}

/** What an off-session charge of each test card answers when it does not succeed (null: it succeeds). */
export const OFF_SESSION_FAILURES: Record<
  TestPaymentMethod["outcome"],
  { code: string; message: string } | null
> = {
  succeeds: null,
  declined: { code: "insufficient_funds", message: "Your card has insufficient funds." },
  requires_authentication: {
    code: "authentication_required",
    message: "Your card was declined. This transaction requires authentication.",
  },
};
