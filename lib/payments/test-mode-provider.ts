import "server-only";
import { randomUUID } from "node:crypto";
import type { PaymentsProvider } from "./types";

/**
 * The local stand-in for Stripe when no Stripe key is configured. Its checkout is a page in the
 * app, plainly marked Test mode; paying there sends a signed Stripe-shaped event through the same
 * webhook handling as Stripe's (see lib/payments/test-mode.ts), so nothing is a shortcut.
 */
export const testModeProvider: PaymentsProvider = {
  mode: "test",
  async ensureCustomer(workspace) {
    return workspace.stripeCustomerId ?? `cus_test_${workspace.id.replaceAll("-", "").slice(0, 24)}`;
  },
  async createCheckout(request) {
    const sessionId = `cs_test_local_${randomUUID().replaceAll("-", "")}`;
    return {
      kind: "redirect",
      sessionId,
      url: `/w/${request.workspace.slug}/settings/billing/test-checkout/${sessionId}`,
    };
  },
  async createPortalSession(_customerId, returnUrl) {
    const url = new URL(returnUrl);
    return `${url.pathname.replace(/\/$/, "")}/test-portal`;
  },
};
