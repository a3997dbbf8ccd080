// The Stripe webhook route refuses a body over 1 MB with 413 before reading past the limit (it read
// 16 MB and more in full before the signature check refused it). Stripe's own events are far smaller.
import { expect, it } from "vitest";
import { POST } from "@/app/api/stripe/webhook/route";

const MB = 1024 * 1024;

it("refuses a declared body over 1 MB without reading it", async () => {
  let pulled = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      pulled += 1;
      controller.enqueue(new Uint8Array(64 * 1024));
      if (pulled * 64 * 1024 >= 16 * MB) controller.close();
    },
  });
  const response = await POST(
    new Request("http://creditpool.test/api/stripe/webhook", {
      method: "POST",
      headers: { "content-length": String(16 * MB), "stripe-signature": "t=1,v1=x" },
      body,
      duplex: "half",
    } as RequestInit),
  );
  expect(response.status).toBe(413);
  expect(pulled).toBeLessThanOrEqual(1);
});

it("stops reading an undeclared body as soon as it passes 1 MB", async () => {
  let sent = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      sent += 64 * 1024;
      controller.enqueue(new Uint8Array(64 * 1024));
      if (sent >= 16 * MB) controller.close();
    },
  });
  const response = await POST(
    new Request("http://creditpool.test/api/stripe/webhook", {
      method: "POST",
      headers: { "stripe-signature": "t=1,v1=x" },
      body,
      duplex: "half",
    } as RequestInit),
  );
  expect(response.status).toBe(413);
  expect(await response.json()).toMatchObject({ error: { code: "payload_too_large" } });
  expect(sent).toBeLessThan(2 * MB);
});
