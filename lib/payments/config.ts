// Which payments this server takes (Stripe, or the test-mode stand-in when no key is configured),
// its Stripe client and the secret webhook events are signed with. It imports no provider, so the
// providers and the webhook handling can all read it.
import "server-only";
import Stripe from "stripe";
import { env } from "@/lib/env";
import { testModeWebhookSecret } from "./test-mode-secret";

let stripe: Stripe | undefined;

/** The Stripe SDK when a key is configured (null in test mode). */
export function getStripe(): Stripe | null {
  if (!env.STRIPE_SECRET_KEY) return null;
  stripe ??= new Stripe(env.STRIPE_SECRET_KEY, { maxNetworkRetries: 2, appInfo: { name: "Creditpool" } });
  return stripe;
}

export function isTestMode(): boolean {
  return !env.STRIPE_SECRET_KEY;
}

/**
 * The secret webhook events are signed with: Stripe's endpoint secret, or in test mode one the
 * server derives from its own session secret (only this server can sign test-mode events).
 */
export function getWebhookSecret(): string | null {
  if (env.STRIPE_SECRET_KEY) return env.STRIPE_WEBHOOK_SECRET ?? null;
  return testModeWebhookSecret(env.NEXTAUTH_SECRET ?? "creditpool-test-mode");
}

/** Verifying signatures needs no API key; this client never calls Stripe. */
export const signatureVerifier = new Stripe("sk_test_signature_verification_only");
