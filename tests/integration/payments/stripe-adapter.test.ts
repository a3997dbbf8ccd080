// The Stripe adapter against a local HTTP stand-in for Stripe's API (the real SDK pointed at it):
// checks what is sent, including the idempotency keys that stop a retry from charging twice.
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Workspace } from "@/db/schema";
import { createStripeProvider } from "@/lib/payments/stripe-provider";

type Recorded = {
  method: string;
  path: string;
  idempotencyKey: string | undefined;
  authorization: string | undefined;
  form: URLSearchParams;
};

const recorded: Recorded[] = [];
let server: Server;
let stripe: Stripe;

/** What the stand-in answers an off-session PaymentIntent, by the payment method sent. */
function paymentIntentResponse(form: URLSearchParams): object {
  const intent = {
    id: `pi_local_${form.get("payment_method")}`,
    object: "payment_intent",
    amount: Number(form.get("amount")),
    client_secret: "pi_local_secret",
    metadata: { purchaseId: form.get("metadata[purchaseId]") },
  };
  if (form.get("payment_method") === "pm_card_visa") return { ...intent, status: "succeeded" };
  const error =
    form.get("payment_method") === "pm_card_authenticationRequired"
      ? { code: "authentication_required", message: "This transaction requires authentication." }
      : {
          code: "card_declined",
          decline_code: "insufficient_funds",
          message: "Your card has insufficient funds.",
        };
  return {
    httpStatus: 402,
    body: {
      error: {
        type: "card_error",
        ...error,
        payment_intent: { ...intent, status: "requires_payment_method", last_payment_error: error },
      },
    },
  };
}

const RESPONSES: Record<string, (form: URLSearchParams) => object> = {
  "POST /v1/payment_intents": paymentIntentResponse,
  "POST /v1/setup_intents": () => ({ id: "seti_1", object: "setup_intent", client_secret: "seti_1_secret" }),
  "GET /v1/setup_intents/seti_1": () => ({
    id: "seti_1",
    object: "setup_intent",
    status: "succeeded",
    customer: "cus_local_1",
    payment_method: {
      id: "pm_1",
      object: "payment_method",
      type: "card",
      card: { brand: "visa", last4: "4242" },
    },
  }),
  "POST /v1/customers/cus_local_1": () => ({ id: "cus_local_1", object: "customer" }),
  "POST /v1/customers": () => ({ id: "cus_local_1", object: "customer" }),
  "POST /v1/checkout/sessions": () => ({
    id: "cs_local_1",
    object: "checkout.session",
    client_secret: "cs_local_1_secret_abc",
  }),
  // Reconciliation reads: one page of sessions (one ours and paid, one not ours), PaymentIntents
  // (an auto top-up declined, one succeeded, and a checkout's own, which is skipped).
  "GET /v1/checkout/sessions": () => ({
    object: "list",
    url: "/v1/checkout/sessions",
    has_more: false,
    data: [
      {
        id: "cs_paid",
        object: "checkout.session",
        status: "complete",
        payment_status: "paid",
        amount_total: 23_750,
        currency: "usd",
        payment_intent: "pi_checkout",
        created: 1_790_000_000,
        metadata: { purchaseId: "9b2f9d8e-4c41-4c2e-8f0e-2f6c3a1d7e10", workspaceId: "ws-1" },
      },
      {
        id: "cs_other",
        object: "checkout.session",
        status: "open",
        payment_status: "unpaid",
        created: 1,
        metadata: {},
      },
    ],
  }),
  "GET /v1/payment_intents": () => ({
    object: "list",
    url: "/v1/payment_intents",
    has_more: false,
    data: [
      {
        id: "pi_declined",
        object: "payment_intent",
        status: "requires_payment_method",
        amount: 5_000,
        currency: "usd",
        created: 1_790_000_100,
        metadata: { purchaseId: "p-2", workspaceId: "ws-1", kind: "auto_top_up" },
        last_payment_error: {
          code: "card_declined",
          decline_code: "insufficient_funds",
          message: "Insufficient funds.",
        },
      },
      {
        id: "pi_ok",
        object: "payment_intent",
        status: "succeeded",
        amount: 5_000,
        currency: "usd",
        created: 1_790_000_200,
        metadata: { purchaseId: "p-3", workspaceId: "ws-1", kind: "auto_top_up" },
      },
      {
        id: "pi_checkout",
        object: "payment_intent",
        status: "succeeded",
        amount: 23_750,
        created: 1,
        metadata: {},
      },
    ],
  }),
  "GET /v1/payment_intents/pi_requires_action": () => ({
    id: "pi_requires_action",
    object: "payment_intent",
    status: "requires_action",
    amount: 5_000,
    currency: "usd",
    created: 1_790_000_300,
    metadata: { purchaseId: "p-4", workspaceId: "ws-1", kind: "auto_top_up" },
  }),
  "GET /v1/checkout/sessions/cs_gone": () => ({
    httpStatus: 404,
    body: {
      error: { type: "invalid_request_error", code: "resource_missing", message: "No such checkout.session" },
    },
  }),
  // Refunds and disputes: a charge's refunds (newest first, as Stripe lists them), the invoice a
  // PaymentIntent paid, and the disputes since a time.
  "GET /v1/refunds": () => ({
    object: "list",
    url: "/v1/refunds",
    has_more: false,
    data: [
      {
        id: "re_2",
        object: "refund",
        amount: 700,
        charge: "ch_1",
        payment_intent: "pi_1",
        currency: "usd",
        status: "succeeded",
        reason: null,
        created: 1_790_000_500,
      },
      {
        id: "re_1",
        object: "refund",
        amount: 300,
        charge: "ch_1",
        payment_intent: "pi_1",
        currency: "usd",
        status: "succeeded",
        reason: "requested_by_customer",
        created: 1_790_000_400,
      },
    ],
  }),
  "GET /v1/invoice_payments": () => ({
    object: "list",
    url: "/v1/invoice_payments",
    has_more: false,
    data: [
      {
        id: "inpay_1",
        object: "invoice_payment",
        payment: { type: "payment_intent", payment_intent: "pi_plan" },
        invoice: {
          id: "in_1",
          object: "invoice",
          amount_paid: 34_900,
          currency: "usd",
          parent: {
            type: "subscription_details",
            subscription_details: { subscription: "sub_1", metadata: { workspaceId: "ws-1" } },
          },
          lines: {
            object: "list",
            has_more: false,
            data: [{ id: "il_1", object: "line_item", period: { start: 1_790_000_000, end: 1_792_592_000 } }],
          },
        },
      },
    ],
  }),
  "GET /v1/disputes": () => ({
    object: "list",
    url: "/v1/disputes",
    has_more: false,
    data: [
      {
        id: "dp_1",
        object: "dispute",
        amount: 1_000,
        charge: "ch_1",
        payment_intent: "pi_1",
        currency: "usd",
        status: "lost",
        reason: "fraudulent",
        created: 1_790_000_600,
      },
    ],
  }),
  "POST /v1/billing_portal/sessions": (form) => ({
    id: "bps_1",
    object: "billing_portal.session",
    url: `https://billing.local/session?customer=${form.get("customer")}`,
  }),
};

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let body = "";
    request.on("data", (chunk: Buffer) => (body += chunk.toString()));
    request.on("end", () => resolve(body));
  });
}

beforeAll(async () => {
  server = createServer(async (request, response) => {
    const form = new URLSearchParams(await readBody(request));
    const key = `${request.method} ${request.url?.split("?")[0]}`;
    recorded.push({
      method: request.method ?? "",
      path: request.url ?? "",
      idempotencyKey: request.headers["idempotency-key"] as string | undefined,
      authorization: request.headers.authorization,
      form,
    });
    const respond = RESPONSES[key];
    const answer = (
      respond ? respond(form) : { httpStatus: 404, body: { error: { message: `no route ${key}` } } }
    ) as {
      httpStatus?: number;
      body?: object;
    };
    response.writeHead(answer.httpStatus ?? 200, { "content-type": "application/json" });
    response.end(JSON.stringify(answer.httpStatus ? answer.body : answer));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  stripe = new Stripe("sk_test_local_key", {
    host: "127.0.0.1",
    port,
    protocol: "http",
    maxNetworkRetries: 0,
  });
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const workspace = {
  id: "6f1c2a52-58bd-4f36-9c0b-7a1f9f1d2c33",
  name: "Northwind Studio",
  slug: "northwind",
  stripeCustomerId: null,
} as Workspace;

describe("Stripe adapter", () => {
  it("creates one customer per workspace, keyed by the workspace", async () => {
    const provider = createStripeProvider(stripe);
    expect(await provider.ensureCustomer(workspace, "olivia@northwind.test")).toBe("cus_local_1");
    const call = recorded.at(-1)!;
    expect(call).toMatchObject({
      method: "POST",
      path: "/v1/customers",
      idempotencyKey: `customer:${workspace.id}`,
    });
    expect(call.authorization).toBe("Bearer sk_test_local_key");
    expect(call.form.get("metadata[workspaceId]")).toBe(workspace.id);
    expect(call.form.get("email")).toBe("olivia@northwind.test");
    // A workspace that already has one is not sent to Stripe again.
    const before = recorded.length;
    expect(
      await provider.ensureCustomer({ ...workspace, stripeCustomerId: "cus_existing" }, "x@y.test"),
    ).toBe("cus_existing");
    expect(recorded.length).toBe(before);
  });

  it("opens an embedded Checkout for the server's price, with the purchase in the metadata and an idempotency key", async () => {
    const provider = createStripeProvider(stripe);
    const checkout = await provider.createCheckout({
      workspace,
      purchaseId: "2b0f5c1e-1111-4a2b-9c3d-444455556666",
      customerId: "cus_local_1",
      credits: 25_000,
      amountCents: 23_750,
      currency: "usd",
      returnUrl: "http://app.test/w/northwind/settings/billing?purchase=x",
    });
    expect(checkout).toEqual({
      kind: "embedded",
      sessionId: "cs_local_1",
      clientSecret: "cs_local_1_secret_abc",
    });
    const call = recorded.at(-1)!;
    expect(call).toMatchObject({
      path: "/v1/checkout/sessions",
      idempotencyKey: "checkout:2b0f5c1e-1111-4a2b-9c3d-444455556666",
    });
    const form = Object.fromEntries(call.form);
    expect(form).toMatchObject({
      ui_mode: "embedded",
      mode: "payment",
      customer: "cus_local_1",
      "line_items[0][quantity]": "1",
      "line_items[0][price_data][currency]": "usd",
      "line_items[0][price_data][unit_amount]": "23750",
      "line_items[0][price_data][product_data][name]": "25,000 Creditpool credits",
      "metadata[purchaseId]": "2b0f5c1e-1111-4a2b-9c3d-444455556666",
      "payment_intent_data[metadata][purchaseId]": "2b0f5c1e-1111-4a2b-9c3d-444455556666",
      "payment_intent_data[setup_future_usage]": "off_session",
      return_url: "http://app.test/w/northwind/settings/billing?purchase=x",
    });
  });

  it("opens the customer portal for the workspace's customer", async () => {
    const provider = createStripeProvider(stripe);
    expect(await provider.createPortalSession("cus_local_1", "http://app.test/back")).toBe(
      "https://billing.local/session?customer=cus_local_1",
    );
    expect(Object.fromEntries(recorded.at(-1)!.form)).toEqual({
      customer: "cus_local_1",
      return_url: "http://app.test/back",
    });
  });
});

describe("Stripe adapter: reconciliation reads", () => {
  it("lists our checkouts and off-session charges since a time, with their status, amount and metadata", async () => {
    const provider = createStripeProvider(stripe);
    const since = new Date("2026-09-01T00:00:00Z");
    const payments = [];
    for await (const payment of provider.listPayments(since, {} as never)) payments.push(payment);
    expect(payments).toEqual([
      {
        object: "checkout_session",
        id: "cs_paid",
        paymentIntentId: "pi_checkout",
        purchaseId: "9b2f9d8e-4c41-4c2e-8f0e-2f6c3a1d7e10",
        workspaceId: "ws-1",
        status: "paid",
        amountCents: 23_750,
        currency: "usd",
        createdAt: new Date(1_790_000_000_000),
        failure: null,
      },
      expect.objectContaining({
        object: "payment_intent",
        id: "pi_declined",
        status: "failed",
        failure: { code: "insufficient_funds", message: "Insufficient funds." },
      }),
      expect.objectContaining({ id: "pi_ok", status: "paid", purchaseId: "p-3", amountCents: 5_000 }),
    ]);
    const lists = recorded.filter((r) => r.method === "GET" && !r.path.includes("/v1/payment_intents/"));
    const query = `?created[gte]=${Math.floor(since.getTime() / 1000)}&limit=100`;
    expect(lists.map((r) => r.path)).toEqual([
      `/v1/checkout/sessions${query}`,
      `/v1/payment_intents${query}`,
    ]);
  });

  it("retrieves one payment, and answers null for one Stripe does not have", async () => {
    const provider = createStripeProvider(stripe);
    expect(
      await provider.retrievePayment(
        { checkoutSessionId: null, paymentIntentId: "pi_requires_action" },
        {} as never,
      ),
    ).toMatchObject({ id: "pi_requires_action", status: "requires_action", failure: null });
    expect(
      await provider.retrievePayment({ checkoutSessionId: "cs_gone", paymentIntentId: null }, {} as never),
    ).toBeNull();
  });
});

describe("Stripe adapter: auto top-up", () => {
  const charge = (paymentMethodId: string, purchaseId = "7d0f5c1e-1111-4a2b-9c3d-444455556666") => ({
    workspace,
    purchaseId,
    customerId: "cus_local_1",
    paymentMethodId,
    credits: 25_000,
    amountCents: 23_750,
    currency: "usd",
    idempotencyKey: `auto-top-up:${purchaseId}`,
  });
  const noWebhooks = { db: null as never, clock: { now: () => new Date() } };

  it("charges the saved card off-session with an idempotency key per attempt", async () => {
    const provider = createStripeProvider(stripe);
    expect(await provider.chargeOffSession(charge("pm_card_visa"), noWebhooks)).toEqual({
      status: "succeeded",
      paymentIntentId: "pi_local_pm_card_visa",
    });
    const call = recorded.at(-1)!;
    expect(call).toMatchObject({
      method: "POST",
      path: "/v1/payment_intents",
      idempotencyKey: "auto-top-up:7d0f5c1e-1111-4a2b-9c3d-444455556666",
    });
    expect(Object.fromEntries(call.form)).toMatchObject({
      amount: "23750",
      currency: "usd",
      customer: "cus_local_1",
      payment_method: "pm_card_visa",
      off_session: "true",
      confirm: "true",
      "metadata[purchaseId]": "7d0f5c1e-1111-4a2b-9c3d-444455556666",
      "metadata[workspaceId]": workspace.id,
      "metadata[kind]": "auto_top_up",
    });
    // Another attempt gets another key.
    await provider.chargeOffSession(
      charge("pm_card_visa", "8e0f5c1e-1111-4a2b-9c3d-444455556666"),
      noWebhooks,
    );
    expect(recorded.at(-1)!.idempotencyKey).toBe("auto-top-up:8e0f5c1e-1111-4a2b-9c3d-444455556666");
  });

  it("answers a decline and a card that needs authentication as failures with Stripe's reason", async () => {
    const provider = createStripeProvider(stripe);
    expect(
      await provider.chargeOffSession(charge("pm_card_chargeDeclinedInsufficientFunds"), noWebhooks),
    ).toEqual({
      status: "failed",
      paymentIntentId: "pi_local_pm_card_chargeDeclinedInsufficientFunds",
      code: "insufficient_funds",
      message: "Your card has insufficient funds.",
    });
    expect(
      await provider.chargeOffSession(charge("pm_card_authenticationRequired"), noWebhooks),
    ).toMatchObject({
      status: "failed",
      paymentIntentId: "pi_local_pm_card_authenticationRequired",
      code: "authentication_required",
    });
  });

  it("adds a card with a SetupIntent and makes it the customer's default (the subscription's too)", async () => {
    const provider = createStripeProvider(stripe);
    expect(await provider.createCardSetup("cus_local_1", workspace.id)).toEqual({
      clientSecret: "seti_1_secret",
    });
    expect(Object.fromEntries(recorded.at(-1)!.form)).toMatchObject({
      customer: "cus_local_1",
      usage: "off_session",
    });
    const customer = { customerId: "cus_local_1", workspaceId: workspace.id, subscriptionId: null };
    const ctx = {} as never;
    expect(await provider.addCard(customer, { setupIntentId: "seti_1" }, { makeDefault: true }, ctx)).toEqual(
      {
        id: "pm_1",
        brand: "visa",
        last4: "4242",
      },
    );
    // Setting the default is idempotent by itself: no key of ours (only the SDK's own per-retry one),
    // so making a card the default again later is never answered from Stripe's cache of the first time.
    const update = recorded.at(-1)!;
    expect(update.path).toBe("/v1/customers/cus_local_1");
    expect(update.idempotencyKey).toMatch(/^stripe-node-retry-/);
    expect(update.form.get("invoice_settings[default_payment_method]")).toBe("pm_1");
    // A SetupIntent of another customer is refused.
    await expect(
      provider.addCard(
        { ...customer, customerId: "cus_someone_else" },
        { setupIntentId: "seti_1" },
        { makeDefault: true },
        ctx,
      ),
    ).rejects.toThrow(/another customer/);
  });

  it("lists a charge's refunds through the SDK when the event did not carry them, oldest first", async () => {
    const provider = createStripeProvider(stripe);
    const before = recorded.length;
    const refunds = await provider.listChargeRefunds({ id: "ch_1" }, {} as never);
    expect(recorded[before]?.path).toMatch(/^\/v1\/refunds\?.*charge=ch_1/);
    expect(refunds.map((r) => [r.id, r.amountCents, r.status])).toEqual([
      ["re_1", 300, "succeeded"],
      ["re_2", 700, "succeeded"],
    ]);
    // A complete list in the event is used as it is: no call to Stripe.
    const embedded = await provider.listChargeRefunds(
      {
        id: "ch_2",
        refunds: {
          has_more: false,
          data: [
            {
              id: "re_9",
              object: "refund",
              amount: 5,
              charge: "ch_2",
              payment_intent: null,
              currency: "usd",
              status: "succeeded",
              created: 1,
            },
          ],
        },
      },
      {} as never,
    );
    expect(embedded.map((r) => r.id)).toEqual(["re_9"]);
    expect(recorded.length).toBe(before + 1);
  });

  it("finds the plan invoice a PaymentIntent paid, with its term, and lists refunds and disputes", async () => {
    const provider = createStripeProvider(stripe);
    expect(await provider.findPlanInvoice("pi_plan", {} as never)).toEqual({
      id: "in_1",
      workspaceId: "ws-1",
      amountCents: 34_900,
      currency: "usd",
      periodStart: new Date(1_790_000_000_000),
      periodEnd: new Date(1_792_592_000_000),
    });
    expect(decodeURIComponent(recorded.at(-1)?.path ?? "")).toContain("payment[payment_intent]=pi_plan");
    const reversals = [];
    for await (const r of provider.listReversals(new Date(1_790_000_000_000), {} as never)) reversals.push(r);
    expect(reversals.map((r) => [r.kind, r.id, r.chargeId])).toEqual([
      ["refund", "re_2", "ch_1"],
      ["refund", "re_1", "ch_1"],
      ["dispute", "dp_1", "ch_1"],
    ]);
  });
});
