import { expect, test } from "@playwright/test";

// Browsers ask for /favicon.ico on their own (a download's navigation asks while the page's icon link
// is not in view); a 404 there is a console error on every page that exports a CSV.
test("/favicon.ico answers with the page icon", async ({ request }) => {
  const [favicon, icon] = await Promise.all([request.get("/favicon.ico"), request.get("/icon.svg")]);
  expect(favicon.status()).toBe(200);
  expect(favicon.headers()["content-type"]).toBe("image/svg+xml");
  expect(await favicon.text()).toBe(await icon.text());
});

// Every page, route and static file (public/) carries the page set of security headers (next.config.ts).
for (const path of ["/sign-in", "/pricing", "/docs/api", "/api/health/live", "/icon.svg", "/favicon.ico"]) {
  test(`security headers on ${path}`, async ({ request }) => {
    const response = await request.get(path);
    const headers = response.headers();
    const csp = headers["content-security-policy"] ?? "";
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("default-src 'self'");
    expect(csp).not.toContain("unsafe-eval"); // production build
    expect(headers["x-frame-options"]).toBe("DENY");
    expect(headers["x-content-type-options"]).toBe("nosniff");
    expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
    expect(headers["permissions-policy"]).toContain("camera=()");
    expect(headers["strict-transport-security"]).toContain("max-age=");
    expect(headers["x-powered-by"]).toBeUndefined();
  });
}

// The metering API answers JSON, never a document: the shorter set OWASP gives for API responses, the
// same whether the lean path (server.ts) or Next.js serves it, and on the API's own 404.
const API_SECURITY_HEADERS = [
  "content-security-policy",
  "x-frame-options",
  "x-content-type-options",
  "strict-transport-security",
];
test("the metering API's security headers: the same set on every path, whichever server part answers", async ({
  request,
}) => {
  const answers = {
    // served by the lean API path (server.ts): a 401 without a key
    "GET /api/v1/balance": await request.get("/api/v1/balance"),
    "POST /api/v1/usage": await request.post("/api/v1/usage", { data: { amount: 1 } }),
    // served by Next.js
    "GET /api/v1/openapi.json": await request.get("/api/v1/openapi.json"),
    "GET /api/v1/no/such/path": await request.get("/api/v1/no/such/path"),
    "POST /api/v1": await request.post("/api/v1", { data: {} }),
  };
  for (const [name, response] of Object.entries(answers)) {
    const headers = response.headers();
    expect(Object.fromEntries(API_SECURITY_HEADERS.map((key) => [key, headers[key]])), name).toEqual({
      "content-security-policy": "default-src 'none'; frame-ancestors 'none'",
      "x-frame-options": "DENY",
      "x-content-type-options": "nosniff",
      "strict-transport-security": "max-age=63072000; includeSubDomains",
    });
    expect(headers["referrer-policy"], name).toBeUndefined();
    expect(headers["permissions-policy"], name).toBeUndefined();
    expect(headers["content-type"], name).toMatch(/^application\/(json|vnd\.oai\.openapi\+json)/);
    expect(headers["x-powered-by"], name).toBeUndefined();
  }
  expect(answers["GET /api/v1/balance"].status()).toBe(401);
  expect(answers["POST /api/v1/usage"].status()).toBe(401);
  // a path the API does not have: its JSON 404, not the site's HTML page
  for (const name of ["GET /api/v1/no/such/path", "POST /api/v1"] as const) {
    expect(answers[name].status(), name).toBe(404);
    expect((await answers[name].json()).error.code, name).toBe("not_found");
  }
});

test("pages load under the content security policy without violations", async ({ page }) => {
  const violations: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) violations.push(message.text());
  });
  await page.goto("/pricing");
  await expect(page.getByRole("heading").first()).toBeVisible();
  await page.goto("/sign-in");
  await expect(page.getByRole("button", { name: /sign in/i }).first()).toBeVisible();
  expect(violations).toEqual([]);
});

// Every page and API response names its request id (X-Request-Id: proxy.ts for pages and actions,
// lib/api/observe.ts for routes), the one on the server's log lines: a caller's (a load balancer's) when
// it is a sane token, a fresh UUID instead of anything else, so a header cannot forge or break a log line.
for (const path of ["/sign-in", "/pricing", "/api/v1/balance"]) {
  test(`request id on ${path}: kept when sane, replaced when hostile`, async ({ request }) => {
    const kept = await request.get(path, { headers: { "x-request-id": "lb-trace-00000042:7" } });
    expect(kept.headers()["x-request-id"]).toBe("lb-trace-00000042:7");
    for (const hostile of ['x"}{"level":"fatal', "a".repeat(300), "short"]) {
      const replaced = await request.get(path, { headers: { "x-request-id": hostile } });
      expect(replaced.status()).toBeLessThan(500);
      expect(replaced.headers()["x-request-id"]).toMatch(
        /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
      );
    }
    const fresh = await request.get(path);
    expect(fresh.headers()["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
  });
}
