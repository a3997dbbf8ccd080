// The test-mode stand-in's cards to save on file: charged off-session by auto top-up and on-session
// by a purchase with the card on file. Pure, so the test card pickers show the same list the server
// charges. The expiry dates are the stand-in's own (Stripe accepts any future date on its test cards).
export type TestPaymentMethod = {
  /** Stripe's own test PaymentMethod ids, which behave the same way against Stripe's test mode. */
  id: "pm_card_visa" | "pm_card_chargeDeclinedInsufficientFunds" | "pm_card_authenticationRequired";
  brand: string;
  last4: string;
  label: string;
  outcome: "succeeds" | "declined" | "requires_authentication";
  expMonth: number;
  expYear: number;
};

export const TEST_PAYMENT_METHODS: readonly TestPaymentMethod[] = [
  {
    id: "pm_card_visa",
    brand: "visa",
    last4: "4242",
    label: "Payments succeed",
    outcome: "succeeds",
    expMonth: 12,
    expYear: 2034,
  },
  {
    id: "pm_card_chargeDeclinedInsufficientFunds",
    brand: "visa",
    last4: "9995",
    label: "Declined: insufficient funds",
    outcome: "declined",
    expMonth: 6,
    expYear: 2033,
  },
  {
    id: "pm_card_authenticationRequired",
    brand: "visa",
    last4: "3184",
    label: "Requires authentication (3D Secure)",
    outcome: "requires_authentication",
    expMonth: 9,
    expYear: 2035,
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

/** What Stripe answers when the card holder fails or refuses the bank's 3-D Secure challenge. */
export const AUTHENTICATION_FAILURE = {
  code: "payment_intent_authentication_failure",
  message:
    "The bank could not confirm it was you, so the payment was not taken. Try again or use another card.",
};
