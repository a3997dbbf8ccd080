// Any path under /api/v1 no route answers gets the API's own JSON 404 (app/api/v1/[[...path]]), worded
// as every metering error is, never the site's HTML page, and without echoing what the caller sent.
import { describe, expect, it } from "vitest";
import * as notFound from "@/app/api/v1/[[...path]]/route";
import { REQUEST_ID_HEADER } from "@/lib/log/request-id";

const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

describe("/api/v1's 404", () => {
  it("answers every method on any unknown path with the API's JSON error", async () => {
    const hostile = `/api/v1/${encodeURIComponent('<script>"x"')}/${"a".repeat(2_000)}?q=%00`;
    for (const method of METHODS)
      for (const path of ["/api/v1", "/api/v1/usage/x", "/api/v2-typo", hostile]) {
        const handler = notFound[method];
        const request = new Request(`http://creditpool.test${path}`, {
          method,
          body: method === "GET" ? undefined : '{"amount":1}',
          headers: { [REQUEST_ID_HEADER]: "lb-trace-00000042" },
        });
        const response = await handler(request);
        const label = `${method} ${path.slice(0, 40)}`;
        expect(response.status, label).toBe(404);
        expect(response.headers.get("content-type"), label).toMatch(/^application\/json/);
        expect(response.headers.get("cache-control"), label).toBe("no-store, no-transform");
        expect(response.headers.get(REQUEST_ID_HEADER), label).toBe("lb-trace-00000042");
        const text = await response.text();
        expect(JSON.parse(text), label).toEqual({
          error: {
            code: "not_found",
            message: "No such endpoint. The metering API's endpoints are listed in /api/v1/openapi.json.",
          },
        });
        expect(text, label).not.toContain("script");
      }
  });
});
