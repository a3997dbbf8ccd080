// The load npm run test:faults keeps up while it breaks things: clients that spend, hold (then settle
// or release) and buy credits in test mode, retrying like real clients, and remembering every
// operation the app acknowledged.
import { randomUUID } from "node:crypto";
import { creditPurchases } from "../../db/schema";
import { systemClock } from "../../lib/clock";
import {
  findTestCard,
  recordTestModePayment,
  testCheckoutPaymentIntentId,
  testModeEvents,
} from "../../lib/payments/test-mode";
import { send, sendWebhook } from "./app";
import { reversePurchase, type PaidPurchase } from "./reversals";
import type { LoadResult, LoadTarget } from "./types";

/** Runs `clients` clients until `stopAt`; each request may retry until `deadline`. */
export async function runLoad(
  target: LoadTarget,
  options: {
    clients: number;
    stopAt: number;
    deadline: number;
    /** Told what each client is doing now ("idle" once it is done): for a stalled run's diagnosis. */
    onStep?: (client: number, step: string) => void;
  },
): Promise<LoadResult> {
  const result: LoadResult = { acknowledged: [], lostWebhooks: [], lostReversals: [], uncertainReversals: 0 };
  // Paid purchases not reversed yet: every other purchase turn refunds or disputes one of them.
  const paid: PaidPurchase[] = [];
  const client = async (index: number) => {
    const step = (name: string) => options.onStep?.(index, name);
    for (let i = 0; Date.now() < options.stopAt; i += 1) {
      const pick = (index + i) % 10;
      const reversible = pick === 9 && i % 2 === 1 ? paid.shift() : undefined;
      if (pick < 6) {
        step("spend");
        await spend(target, result, options.deadline);
      } else if (pick < 9) {
        step(pick === 8 ? "hold and release" : "hold and settle");
        await holdAndClose(target, result, pick === 8 ? "release" : "settle", options.deadline);
      } else if (reversible) {
        step("refund or dispute");
        await reversePurchase(target, result, reversible, options.deadline);
      } else await purchase(target, result, paid, options.deadline, step);
    }
    step("idle");
  };
  await Promise.all(Array.from({ length: options.clients }, (_, i) => client(i)));
  return result;
}

const generation = (target: LoadTarget) => ({
  member: target.memberId,
  feature: "image",
  model: "imagine-standard",
  results: 1,
});

async function spend(target: LoadTarget, result: LoadResult, deadline: number) {
  const body = { idempotencyKey: randomUUID(), ...generation(target) };
  const answer = await send(target.base, "/api/v1/usage", { key: target.apiKey, body }, deadline);
  if (answer && answer.status < 300)
    result.acknowledged.push({
      kind: "usage",
      key: body.idempotencyKey,
      credits: Number(answer.body.credits),
      path: "/api/v1/usage",
      body,
    });
  else target.failures.fail(`usage ${body.idempotencyKey}: ${JSON.stringify(answer)}`);
}

async function holdAndClose(
  target: LoadTarget,
  result: LoadResult,
  action: "settle" | "release",
  deadline: number,
) {
  const body = { idempotencyKey: randomUUID(), ...generation(target), results: 2 };
  const held = await send(target.base, "/api/v1/holds", { key: target.apiKey, body }, deadline);
  if (!held || held.status >= 300) {
    target.failures.fail(`hold ${body.idempotencyKey}: ${JSON.stringify(held)}`);
    return;
  }
  result.acknowledged.push({
    kind: "hold",
    key: body.idempotencyKey,
    credits: Number(held.body.credits),
    path: "/api/v1/holds",
    body,
  });
  const closed = await send(
    target.base,
    `/api/v1/holds/${String(held.body.id)}/${action}`,
    { key: target.apiKey, body: action === "settle" ? { results: 1 } : {} },
    deadline,
  );
  if (!closed || closed.status >= 300)
    target.failures.fail(`${action} ${String(held.body.id)}: ${JSON.stringify(closed)}`);
}

/** A test-mode purchase: our record first, then Stripe's signed event to the real webhook endpoint. */
async function purchase(
  target: LoadTarget,
  result: LoadResult,
  paid: PaidPurchase[],
  deadline: number,
  step: (name: string) => void,
) {
  const { db, workspaceId } = target;
  step("purchase: insert the purchase (database)");
  const sessionId = `cs_test_faults_${randomUUID().replaceAll("-", "")}`;
  const now = new Date();
  const [row] = await db
    .insert(creditPurchases)
    .values({
      workspaceId,
      provider: "test",
      credits: 500,
      amountCents: 500,
      checkoutSessionId: sessionId,
      createdAt: now,
      updatedAt: now,
    })
    .returning()
    .catch(() => [undefined]);
  if (!row) return; // the database was down when the buyer clicked: no purchase started
  const paymentIntentId = testCheckoutPaymentIntentId(row);
  step("purchase: record the test-mode payment (database)");
  const recorded = await recordTestModePayment(
    { db, clock: systemClock },
    {
      object: "checkout_session",
      id: sessionId,
      paymentIntentId,
      purchaseId: row.id,
      workspaceId,
      amountCents: 500,
      currency: "usd",
      outcome: "succeeds",
    },
  ).then(
    () => true,
    () => false,
  );
  if (!recorded) return; // the database was down: the buyer was never charged
  if (Math.random() < 0.25) {
    result.lostWebhooks.push(`stripe:${sessionId}`);
    return;
  }
  const card = findTestCard("4242424242424242");
  if (!card) throw new Error("the test cards have lost the one that pays");
  const payload = JSON.stringify(testModeEvents(row, { pay: card }, now)[0]);
  step("purchase: webhook");
  const delivered = await sendWebhook(target.base, payload, target.webhookSecret, deadline);
  if (delivered && delivered.status < 300) {
    result.acknowledged.push({
      kind: "purchase",
      key: `stripe:${sessionId}`,
      credits: 500,
      path: "/api/stripe/webhook",
      body: payload,
    });
    paid.push({ id: row.id, workspaceId, amountCents: 500, paymentIntentId });
  } else target.failures.fail(`purchase ${sessionId}: ${JSON.stringify(delivered)}`);
}
