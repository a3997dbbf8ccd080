// POST /api/stripe/webhook: Stripe's events (signature checked on the raw body).
import { getDb } from "@/lib/db";
import { readBoundedText } from "@/lib/api/v1/http";
import { getClock } from "@/lib/clock";
import { getWebhookSecret } from "@/lib/payments";
import { describeErrorForLog } from "@/lib/log/safe-error";
import { getLogger } from "@/lib/log/logger";
import { observeRequest } from "@/lib/api/observe";
import { handleStripeWebhook } from "@/lib/payments/webhooks";

export const dynamic = "force-dynamic";

/**
 * Stripe's own events are far smaller; anything larger is not Stripe's and is refused before it is
 * read (it was read in full, 16 MB and more, before the signature check refused it).
 */
const MAX_WEBHOOK_BYTES = 1024 * 1024;

export function POST(request: Request): Promise<Response> {
  return observeRequest(request, () => receiveStripeEvent(request));
}

async function receiveStripeEvent(request: Request): Promise<Response> {
  const read = await readBoundedText(request, MAX_WEBHOOK_BYTES);
  if (!read.ok) return read.response;
  const rawBody = read.text ?? "";
  try {
    const result = await handleStripeWebhook(
      { db: getDb(), clock: getClock() },
      rawBody,
      request.headers.get("stripe-signature"),
      getWebhookSecret(),
    );
    return Response.json(result.body, { status: result.status });
  } catch (error) {
    // A 5xx makes Stripe send the event again later; the log says why without the event's data.
    const reference = crypto.randomUUID();
    getLogger().error({ reference, error: describeErrorForLog(error) }, "stripe webhook error");
    return Response.json({ error: "internal_error", reference }, { status: 500 });
  }
}
