import type { Workspace } from "@/db/schema";
import type { Deps } from "@/lib/deps";

export type PaymentsMode = "stripe" | "test";

export type CheckoutRequest = {
  workspace: Workspace;
  purchaseId: string;
  customerId: string;
  credits: number;
  amountCents: number;
  currency: string;
  /** Where Stripe sends the buyer back; `{CHECKOUT_SESSION_ID}` is filled in by Stripe. */
  returnUrl: string;
};

/** Embedded Stripe Checkout needs a client secret; the test-mode stand-in is a page in the app. */
export type Checkout = { sessionId: string } & (
  { kind: "embedded"; clientSecret: string } | { kind: "redirect"; url: string }
);

/** A saved card, as the Auto Top Up dialog confirms it. */
export type PaymentMethodSummary = { id: string; brand: string; last4: string };

export type OffSessionChargeRequest = {
  workspace: Workspace;
  purchaseId: string;
  customerId: string;
  paymentMethodId: string;
  credits: number;
  amountCents: number;
  currency: string;
  /** One per attempt: a retried job never charges twice. */
  idempotencyKey: string;
};

/**
 * What the charge call answered. The outcome that counts arrives by webhook (credits are added
 * only from the verified payment_intent.succeeded); a failure answered here is recorded at once too.
 */
export type OffSessionCharge =
  | { status: "succeeded" | "processing"; paymentIntentId: string }
  | {
      status: "failed";
      paymentIntentId: string | null;
      code: string;
      message: string;
    };

/**
 * A payment as the provider knows it, for reconciliation. `paid`: the money was taken; `open`: the
 * buyer may still pay (an open checkout, a charge still processing); `requires_action`: waiting for
 * the card holder to authenticate; `failed`/`expired`: no money was taken and none will be.
 */
export type ProviderPaymentStatus = "paid" | "open" | "requires_action" | "failed" | "expired";

export type ProviderPayment = {
  object: "checkout_session" | "payment_intent";
  /** The Checkout Session id (cs_…) or, for off-session charges, the PaymentIntent id (pi_…). */
  id: string;
  paymentIntentId: string | null;
  /** From the metadata Creditpool put on it (null: not one of ours). */
  purchaseId: string | null;
  workspaceId: string | null;
  status: ProviderPaymentStatus;
  amountCents: number;
  currency: string;
  createdAt: Date;
  failure: { code: string; message: string } | null;
};

/** One interface over Stripe and the local test-mode stand-in: the rest of the app can't tell which. */
export type PaymentsProvider = {
  mode: PaymentsMode;
  /** The workspace's one customer, created on first use. */
  ensureCustomer: (workspace: Workspace, email: string) => Promise<string>;
  createCheckout: (request: CheckoutRequest) => Promise<Checkout>;
  /** A page where the customer manages cards and sees invoices. */
  createPortalSession: (customerId: string, returnUrl: string) => Promise<string>;
  /** A SetupIntent for adding a card with Stripe Elements (null: the test-mode card picker instead). */
  createCardSetup: (customerId: string, workspaceId: string) => Promise<{ clientSecret: string } | null>;
  /** Makes the card of a succeeded SetupIntent the customer's default and describes it. */
  confirmCardSetup: (customerId: string, setupIntentId: string) => Promise<PaymentMethodSummary>;
  /** An off-session charge of the saved card (auto top-up). */
  chargeOffSession: (request: OffSessionChargeRequest, ctx: Deps) => Promise<OffSessionCharge>;
  /** What the browser needs to finish a payment that requires authentication. */
  getPaymentAuthentication: (
    paymentIntentId: string,
  ) => Promise<{ clientSecret: string; paymentMethodId: string | null } | null>;
  /** Creditpool's payments (checkouts and off-session charges) created since then, newest first. */
  listPayments: (since: Date, ctx: Deps) => AsyncIterable<ProviderPayment>;
  /** One payment by its Checkout Session or PaymentIntent id (null: the provider has no such payment). */
  retrievePayment: (
    ref: { checkoutSessionId: string | null; paymentIntentId: string | null },
    ctx: Deps,
  ) => Promise<ProviderPayment | null>;
};
