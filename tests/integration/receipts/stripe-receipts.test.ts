// The Stripe side of receipts against a local HTTP stand-in for Stripe's API (the real SDK pointed
// at it): the charge's receipt_url and the invoice PDF, and the customer update with its tax id.
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Workspace } from "@/db/schema";
import { createStripeProvider } from "@/lib/payments/stripe-provider";
import { testContext } from "../../support/db";

type Call = { key: string; query: URLSearchParams; form: URLSearchParams };

const calls: Call[] = [];
let server: Server;
let stripe: Stripe;

const charge = { id: "ch_1", object: "charge", receipt_url: "https://pay.stripe.test/receipts/ch_1" };

const RESPONSES: Record<string, object> = {
  "GET /v1/payment_intents/pi_1": { id: "pi_1", object: "payment_intent", latest_charge: charge },
  "GET /v1/checkout/sessions/cs_1": {
    id: "cs_1",
    object: "checkout.session",
    payment_intent: { id: "pi_1", object: "payment_intent", latest_charge: charge },
  },
  "GET /v1/invoices": {
    object: "list",
    url: "/v1/invoices",
    has_more: false,
    data: [
      {
        id: "in_plan",
        object: "invoice",
        number: "NW-0001",
        billing_reason: "subscription_cycle",
        amount_paid: 4_900,
        currency: "usd",
        created: 1_790_000_000,
        status_transitions: { paid_at: 1_790_000_060 },
        invoice_pdf: "https://pay.stripe.test/invoice/in_plan/pdf",
        lines: {
          object: "list",
          data: [{ id: "il_1", object: "line_item", description: "1 × Pro (at $49.00 / month)" }],
        },
      },
      {
        id: "in_manual",
        object: "invoice",
        billing_reason: "manual",
        amount_paid: 100,
        currency: "usd",
        created: 1,
        status_transitions: {},
        lines: { object: "list", data: [] },
      },
    ],
  },
  "POST /v1/customers/cus_1": { id: "cus_1", object: "customer" },
  "GET /v1/customers/cus_1/tax_ids": {
    object: "list",
    url: "/v1/customers/cus_1/tax_ids",
    has_more: false,
    data: [
      { id: "txi_old", object: "tax_id", type: "eu_vat", value: "DE111111111" },
      { id: "txi_same", object: "tax_id", type: "eu_vat", value: "DE123456789" },
    ],
  },
  "DELETE /v1/customers/cus_1/tax_ids/txi_old": { id: "txi_old", object: "tax_id", deleted: true },
  "DELETE /v1/customers/cus_1/tax_ids/txi_same": { id: "txi_same", object: "tax_id", deleted: true },
  "POST /v1/customers/cus_1/tax_ids": { id: "txi_new", object: "tax_id" },
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
    const [path = "", query = ""] = (request.url ?? "").split("?");
    const key = `${request.method} ${path}`;
    calls.push({
      key,
      query: new URLSearchParams(query),
      form: new URLSearchParams(await readBody(request)),
    });
    const body = RESPONSES[key];
    response.writeHead(body ? 200 : 404, { "content-type": "application/json" });
    response.end(
      JSON.stringify(body ?? { error: { type: "invalid_request_error", message: `no route ${key}` } }),
    );
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

const ctx = testContext();

/** What the last call asked Stripe to expand (the SDK sends expand[0]=…). */
const expanded = () =>
  [...(calls.at(-1)?.query ?? [])].filter(([key]) => key.startsWith("expand")).map(([, value]) => value);

describe("Stripe receipts", () => {
  it("link a purchase to its charge's receipt, by PaymentIntent or Checkout Session", async () => {
    const provider = createStripeProvider(stripe);
    const url = "https://pay.stripe.test/receipts/ch_1";
    expect(await provider.receiptDocumentUrl({ paymentIntentId: "pi_1", checkoutSessionId: null }, ctx)).toBe(
      url,
    );
    expect(expanded()).toEqual(["latest_charge"]);
    expect(await provider.receiptDocumentUrl({ paymentIntentId: null, checkoutSessionId: "cs_1" }, ctx)).toBe(
      url,
    );
    expect(expanded()).toEqual(["payment_intent.latest_charge"]);
  });

  it("list the customer's paid subscription invoices with their PDFs", async () => {
    const provider = createStripeProvider(stripe);
    const workspace = { id: "ws", stripeCustomerId: "cus_1" } as Workspace;
    expect(await provider.listPlanInvoices(workspace, ctx)).toEqual([
      {
        id: "in_plan",
        number: "NW-0001",
        ledgerEntryId: null,
        paidAt: new Date(1_790_000_060_000),
        description: "1 × Pro (at $49.00 / month)",
        amountCents: 4_900,
        currency: "usd",
        documentUrl: "https://pay.stripe.test/invoice/in_plan/pdf",
      },
    ]);
    expect(calls.at(-1)?.query.get("customer")).toBe("cus_1");
    expect(calls.at(-1)?.query.get("status")).toBe("paid");
    expect(await provider.listPlanInvoices({ ...workspace, stripeCustomerId: null }, ctx)).toEqual([]);
  });

  it("send the billing details to the customer and keep exactly one tax id", async () => {
    const provider = createStripeProvider(stripe);
    calls.length = 0;
    await provider.updateCustomerBilling(
      { customerId: "cus_1", workspaceId: "ws" },
      {
        name: "Northwind GmbH",
        email: "billing@northwind.test",
        address: {
          line1: "Hauptstraße 1",
          line2: null,
          city: "Berlin",
          postalCode: "10115",
          state: null,
          country: "DE",
        },
        taxId: { type: "eu_vat", value: "DE123456789" },
      },
      ctx,
    );
    expect(calls.map((c) => c.key)).toEqual([
      "POST /v1/customers/cus_1",
      "GET /v1/customers/cus_1/tax_ids",
      "DELETE /v1/customers/cus_1/tax_ids/txi_old",
    ]);
    const update = calls[0]!.form;
    expect(Object.fromEntries(update)).toEqual({
      name: "Northwind GmbH",
      email: "billing@northwind.test",
      "address[line1]": "Hauptstraße 1",
      "address[line2]": "",
      "address[city]": "Berlin",
      "address[postal_code]": "10115",
      "address[state]": "",
      "address[country]": "DE",
    });
    // A new tax id is created; no address unsets it.
    calls.length = 0;
    await provider.updateCustomerBilling(
      { customerId: "cus_1", workspaceId: "ws" },
      { name: "Northwind", email: null, address: null, taxId: { type: "eu_vat", value: "FR12345678901" } },
      ctx,
    );
    expect(calls.map((c) => c.key)).toEqual([
      "POST /v1/customers/cus_1",
      "GET /v1/customers/cus_1/tax_ids",
      "DELETE /v1/customers/cus_1/tax_ids/txi_old",
      "DELETE /v1/customers/cus_1/tax_ids/txi_same",
      "POST /v1/customers/cus_1/tax_ids",
    ]);
    expect(Object.fromEntries(calls[0]!.form)).toEqual({ name: "Northwind", email: "", address: "" });
    expect(Object.fromEntries(calls.at(-1)!.form)).toEqual({ type: "eu_vat", value: "FR12345678901" });
  });
});
