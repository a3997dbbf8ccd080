import type { Workspace } from "@/db/schema";

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

/** One interface over Stripe and the local test-mode stand-in: the rest of the app can't tell which. */
export type PaymentsProvider = {
  mode: PaymentsMode;
  /** The workspace's one customer, created on first use. */
  ensureCustomer: (workspace: Workspace, email: string) => Promise<string>;
  createCheckout: (request: CheckoutRequest) => Promise<Checkout>;
  /** A page where the customer manages cards and sees invoices. */
  createPortalSession: (customerId: string, returnUrl: string) => Promise<string>;
};
