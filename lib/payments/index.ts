import "server-only";
import { getStripe } from "./config";
import { createStripeProvider } from "./stripe-provider";
import { testModeProvider } from "./test-mode-provider";
import type { PaymentsProvider } from "./types";

export { getStripe, getWebhookSecret, isTestMode, signatureVerifier } from "./config";
export { testModeWebhookSecret } from "./test-mode-secret";
export type { PaymentsProvider } from "./types";

export function getPaymentsProvider(): PaymentsProvider {
  const client = getStripe();
  return client ? createStripeProvider(client) : testModeProvider;
}
