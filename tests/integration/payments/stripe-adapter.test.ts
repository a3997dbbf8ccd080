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

const RESPONSES: Record<string, (form: URLSearchParams) => object> = {
  "POST /v1/customers": () => ({ id: "cus_local_1", object: "customer" }),
  "POST /v1/checkout/sessions": () => ({
    id: "cs_local_1",
    object: "checkout.session",
    client_secret: "cs_local_1_secret_abc",
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
    response.writeHead(respond ? 200 : 404, { "content-type": "application/json" });
    response.end(JSON.stringify(respond ? respond(form) : { error: { message: `no route ${key}` } }));
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
