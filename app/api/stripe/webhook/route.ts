// POST /api/stripe/webhook: Stripe's events (signature checked on the raw body).
import { getDb } from "@/db";
import { getClock } from "@/lib/clock";
import { getWebhookSecret } from "@/lib/payments";
import { handleStripeWebhook } from "@/lib/payments/webhooks";

export const dynamic = "force-dynamic";

export async function POST(request: Request): Promise<Response> {
  const rawBody = await request.text();
  const result = await handleStripeWebhook(
    { db: getDb(), clock: getClock() },
    rawBody,
    request.headers.get("stripe-signature"),
    getWebhookSecret(),
  );
  return Response.json(result.body, { status: result.status });
}
