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

/** A card on the customer, as the Payment methods section lists it. */
export type SavedCard = PaymentMethodSummary & { expMonth: number; expYear: number; isDefault: boolean };

/** The workspace's customer: its id at the provider, and the subscription whose card is the default. */
export type CustomerRef = { customerId: string; workspaceId: string; subscriptionId: string | null };

/** Where a card being added comes from: a SetupIntent Elements confirmed, or one of the stand-in's test cards. */
export type CardSource = { setupIntentId: string } | { testCard: string };

export type SavedCardChargeRequest = {
  workspace: Workspace;
  purchaseId: string;
  customer: CustomerRef;
  paymentMethodId: string;
  credits: number;
  amountCents: number;
  currency: string;
  /** The purchase's own: a repeated request never charges twice. */
  idempotencyKey: string;
};

/**
 * What an on-session charge of the card on file answered. `requires_action`: the bank wants the
 * card holder to authenticate in the page (3-D Secure), with Stripe.js and the client secret (null
 * in test mode, whose page has its own confirmation step).
 */
export type SavedCardCharge =
  | { status: "succeeded" | "processing"; paymentIntentId: string }
  | { status: "requires_action"; paymentIntentId: string; clientSecret: string | null }
  | { status: "failed"; paymentIntentId: string | null; code: string; message: string };

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

/**
 * A refund or a dispute of a charge as the provider reports it. Stripe's status words: a refund is
 * succeeded, pending, failed or canceled; a dispute needs_response, under_review, won, lost,
 * warning_closed, ...
 */
type ProviderChargeReversal = {
  id: string;
  chargeId: string;
  paymentIntentId: string | null;
  amountCents: number;
  currency: string;
  status: string;
  reason: string | null;
  createdAt: Date;
};

export type ProviderRefund = ProviderChargeReversal;
export type ProviderDispute = ProviderChargeReversal;

export type ProviderReversal =
  ({ kind: "refund" } & ProviderRefund) | ({ kind: "dispute" } & ProviderDispute);

/** The refunds a charge.refunded event's charge may carry (Stripe only includes them when expanded). */
export type ChargeRefundsRef = {
  id: string;
  refunds?: { data: unknown[]; has_more: boolean } | null;
};

/**
 * The plan invoice a PaymentIntent paid: its subscription term (the credits that term granted are
 * what a refund or dispute of it takes back). `workspaceId`: from the subscription's metadata.
 */
export type ProviderPlanTerm = {
  id: string;
  workspaceId: string | null;
  amountCents: number;
  currency: string;
  periodStart: Date;
  /** Null: the term is still the current one (test mode's newest invoice). */
  periodEnd: Date | null;
};

/** One interface over Stripe and the local test-mode stand-in: the rest of the app can't tell which. */
export type PaymentsProvider = ReceiptMethods & {
  mode: PaymentsMode;
  /** The workspace's one customer, created on first use. */
  ensureCustomer: (workspace: Workspace, email: string) => Promise<string>;
  createCheckout: (request: CheckoutRequest) => Promise<Checkout>;
  /** A page where the customer manages cards and sees invoices. */
  createPortalSession: (customerId: string, returnUrl: string) => Promise<string>;
  /** A SetupIntent for adding a card with Stripe Elements (null: the test-mode card picker instead). */
  createCardSetup: (customerId: string, workspaceId: string) => Promise<{ clientSecret: string } | null>;
  /** The customer's cards, the default one marked (the subscription's card when the customer names none). */
  listCards: (customer: CustomerRef, ctx: Deps) => Promise<SavedCard[]>;
  /** Attaches a card to the customer (the default when asked, or when there is none yet). */
  addCard: (
    customer: CustomerRef,
    source: CardSource,
    options: { makeDefault: boolean },
    ctx: Deps,
  ) => Promise<PaymentMethodSummary>;
  /** Makes one of the customer's cards the default for invoices (the subscription) and purchases. */
  setDefaultCard: (customer: CustomerRef, paymentMethodId: string, ctx: Deps) => Promise<void>;
  /** Detaches one of the customer's cards. */
  removeCard: (customer: CustomerRef, paymentMethodId: string, ctx: Deps) => Promise<void>;
  /** An on-session charge of a card on file (Purchase with the saved card), confirmed on the server. */
  chargeSavedCard: (request: SavedCardChargeRequest, ctx: Deps) => Promise<SavedCardCharge>;
  /** The embedded Checkout of a session that is still open, to resume paying it (null: it is not open). */
  resumeCheckout: (sessionId: string, workspace: Workspace, ctx: Deps) => Promise<Checkout | null>;
  /** Expires an open checkout so it can no longer be paid ("not_open": it was paid or expired already). */
  expireCheckout: (sessionId: string, ctx: Deps) => Promise<"expired" | "not_open">;
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
  /** Every refund of a charge, oldest first (the event's own list when complete, else asked for). */
  listChargeRefunds: (charge: ChargeRefundsRef, ctx: Deps) => Promise<ProviderRefund[]>;
  /** The plan invoice a PaymentIntent paid (null: it paid no invoice, or not one of ours). */
  findPlanInvoice: (paymentIntentId: string, ctx: Deps) => Promise<ProviderPlanTerm | null>;
  /** Refunds and disputes created or changed since then, for reconciliation. */
  listReversals: (since: Date, ctx: Deps) => AsyncIterable<ProviderReversal>;
};

/** The provider's refund and dispute methods (Stripe's in stripe-reversals.ts, the stand-in's in test-mode-reversals.ts). */
export type ReversalMethods = Pick<
  PaymentsProvider,
  "listChargeRefunds" | "findPlanInvoice" | "listReversals"
>;

/** The provider's card methods (Stripe's in stripe-cards.ts, the stand-in's in test-mode-cards.ts). */
export type CardMethods = Pick<
  PaymentsProvider,
  | "listCards"
  | "addCard"
  | "setDefaultCard"
  | "removeCard"
  | "chargeSavedCard"
  | "resumeCheckout"
  | "expireCheckout"
>;

/** A paid plan (subscription) invoice, as the Invoices list and its receipt show it. */
export type ProviderPlanInvoice = {
  /** Stripe's in_…, or the stand-in's in_test_local_<grant entry id>. */
  id: string;
  /** Stripe's invoice number (null in test mode: the receipt number is derived from the grant entry). */
  number: string | null;
  /** The ledger entry of the term's first monthly grant (test mode), for the receipt number. */
  ledgerEntryId: number | null;
  paidAt: Date;
  description: string;
  amountCents: number;
  currency: string;
  /** Stripe's invoice PDF (null in test mode, where the receipt PDF is made by the app). */
  documentUrl: string | null;
};

/** What Creditpool tells the provider's customer about who it bills (from the billing details). */
export type CustomerBillingUpdate = {
  name: string;
  email: string | null;
  address: {
    line1: string;
    line2: string | null;
    city: string | null;
    postalCode: string | null;
    state: string | null;
    country: string;
  } | null;
  /** The customer's one tax id, typed for the provider (null: none, or no type maps to the country). */
  taxId: { type: string; value: string } | null;
};

/** Receipts and the customer's billing details (Stripe's in stripe-receipts.ts, the stand-in's beside it). */
export type ReceiptMethods = {
  /** The workspace's paid plan invoices, newest first. */
  listPlanInvoices: (workspace: Workspace, ctx: Deps) => Promise<ProviderPlanInvoice[]>;
  /** The provider's own receipt of a paid purchase (Stripe's charge receipt_url; null in test mode). */
  receiptDocumentUrl: (
    ref: { checkoutSessionId: string | null; paymentIntentId: string | null },
    ctx: Deps,
  ) => Promise<string | null>;
  /** Sends the billing details to the customer (name, email, address, tax id). */
  updateCustomerBilling: (
    customer: { customerId: string; workspaceId: string },
    update: CustomerBillingUpdate,
    ctx: Deps,
  ) => Promise<void>;
};
