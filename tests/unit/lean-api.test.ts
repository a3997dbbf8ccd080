// The lean API path (server.ts): which requests it takes from Next.js, and that the node:http bridge
// hands the route handlers what Next.js would (the body, cut where the handler's own limit then
// refuses it; headers) and sends back what they answer, with the site's security headers.
import { readdirSync, readFileSync, statSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import path from "node:path";
import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import nextConfig from "@/next.config";
import { MAX_BODY_BYTES, readJson } from "@/lib/api/v1/http";
import { matchLeanRoute, NEXT_ONLY_ROUTES, type LeanRoute } from "@/lib/http/lean-routes";
import { readCappedBody, securityHeadersFor, sendResponse, toRequest } from "@/lib/http/node-bridge";

const answer = (name: string) => async () => new Response(name);

function route(pattern: string, methods: string[]): LeanRoute {
  return {
    pattern,
    segments: pattern.split("/").slice(1),
    handlers: Object.fromEntries(methods.map((method) => [method, answer(`${method} ${pattern}`)])),
  };
}

const ROUTES = [
  route("/api/v1/usage", ["GET", "POST"]),
  route("/api/v1/usage/batch", ["POST"]),
  route("/api/v1/holds/[holdId]/settle", ["POST"]),
];

describe("matchLeanRoute", () => {
  it("takes the metering API's routes, with their parameters decoded and the query ignored", () => {
    expect(matchLeanRoute(ROUTES, "POST", "/api/v1/usage")?.route.pattern).toBe("/api/v1/usage");
    expect(matchLeanRoute(ROUTES, "GET", "/api/v1/usage?from=a&to=b")?.route.pattern).toBe("/api/v1/usage");
    expect(matchLeanRoute(ROUTES, "POST", "/api/v1/usage/batch")?.route.pattern).toBe("/api/v1/usage/batch");
    expect(matchLeanRoute(ROUTES, "POST", "/api/v1/holds/a%20b/settle")?.params).toEqual({ holdId: "a b" });
  });

  it("leaves everything else to Next.js, which answers it as it always did", () => {
    expect(matchLeanRoute(ROUTES, "GET", "/")).toBeNull();
    expect(matchLeanRoute(ROUTES, "POST", "/api/auth/callback/credentials")).toBeNull();
    // a method the route does not export (Next answers 405), HEAD and OPTIONS
    expect(matchLeanRoute(ROUTES, "DELETE", "/api/v1/usage")).toBeNull();
    expect(matchLeanRoute(ROUTES, "HEAD", "/api/v1/usage")).toBeNull();
    // a trailing slash (Next redirects it), an empty or undecodable parameter, an unknown route
    expect(matchLeanRoute(ROUTES, "POST", "/api/v1/usage/")).toBeNull();
    expect(matchLeanRoute(ROUTES, "POST", "/api/v1/holds//settle")).toBeNull();
    expect(matchLeanRoute(ROUTES, "POST", "/api/v1/holds/%E0%A4%A/settle")).toBeNull();
    expect(matchLeanRoute(ROUTES, "POST", "/api/v1/nothing")).toBeNull();
    expect(matchLeanRoute(ROUTES, "POST", "http://evil.example/api/v1/usage")).toBeNull();
  });
});

function routeFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return routeFiles(full);
    return name === "route.ts" ? [full] : [];
  });
}

it("every /api/v1 route the lean path serves is an apiRoute (it needs nothing of Next's request scope)", () => {
  const root = path.resolve("app/api/v1");
  const files = routeFiles(root);
  expect(files.length).toBeGreaterThan(5);
  for (const file of files) {
    const pattern = `/api/v1/${path.relative(root, path.dirname(file))}`;
    if (NEXT_ONLY_ROUTES.has(pattern)) continue;
    const source = readFileSync(file, "utf8");
    const handlers = [
      ...source.matchAll(/export (?:async )?(?:const|function) (GET|POST|PUT|PATCH|DELETE)\b(.*)/g),
    ];
    expect(handlers.length, pattern).toBeGreaterThan(0);
    for (const [, method, rest] of handlers)
      expect(rest, `${method} ${pattern}`).toMatch(/^(<[^>]*>)? = apiRoute/);
    expect(source, pattern).not.toMatch(/next\/headers|next\/server/);
  }
  for (const pattern of NEXT_ONLY_ROUTES)
    expect(files).toContain(path.join(root, pattern.slice(8), "route.ts"));
});

function incoming(method: string, body: Buffer, headers: Record<string, string> = {}): IncomingMessage {
  const stream = Readable.from(body.length > 0 ? [body.subarray(0, 7), body.subarray(7)] : []);
  const rawHeaders = Object.entries(headers).flat();
  return Object.assign(stream, {
    method,
    url: "/api/v1/usage?x=1",
    headers,
    rawHeaders,
  }) as unknown as IncomingMessage;
}

describe("the node:http bridge", () => {
  it("reads a body whole, and none for GET", async () => {
    const body = Buffer.from('{"results":1}');
    expect(await readCappedBody(incoming("POST", body), 100)).toEqual({ bytes: body, truncated: false });
    expect(await readCappedBody(incoming("GET", body), 100)).toEqual({ bytes: null, truncated: false });
  });

  it("stops reading past the cap, and does not read a body announced over it", async () => {
    const cut = await readCappedBody(incoming("POST", Buffer.alloc(25, 97)), 10);
    expect(cut.truncated).toBe(true);
    expect(cut.bytes?.length).toBe(10);
    const announced = await readCappedBody(incoming("POST", Buffer.alloc(5), { "content-length": "11" }), 10);
    expect(announced).toEqual({ bytes: Buffer.alloc(0), truncated: true });
  });

  it("a body cut at the cap still meets the handler's own limit: its 413, in its words", async () => {
    const big = Buffer.alloc(MAX_BODY_BYTES + 1000, 32);
    const body = await readCappedBody(incoming("POST", big));
    const read = await readJson(toRequest(incoming("POST", big), body), MAX_BODY_BYTES);
    expect(read.ok).toBe(false);
    if (read.ok) return;
    expect(read.response.status).toBe(413);
    expect(await read.response.json()).toMatchObject({ error: { code: "payload_too_large" } });
  });

  it("passes the method, path, query and headers on, never the client's Host as the origin", async () => {
    const request = toRequest(
      incoming("POST", Buffer.from("{}"), { authorization: "Bearer k", host: "evil.example" }),
      { bytes: Buffer.from("{}"), truncated: false },
    );
    expect(request.method).toBe("POST");
    expect(request.url).toBe("http://localhost/api/v1/usage?x=1");
    expect(request.headers.get("authorization")).toBe("Bearer k");
    expect(await request.text()).toBe("{}");
  });

  it("answers with the site's headers under the handler's own, and closes a connection it did not read to the end", async () => {
    const written: { status?: number; headers?: Record<string, string | string[]>; body?: Buffer | null } =
      {};
    const res = {
      writeHead: (status: number, headers: Record<string, string | string[]>) =>
        Object.assign(written, { status, headers }),
      end: (body: Buffer | null) => Object.assign(written, { body }),
    } as unknown as ServerResponse;
    const response = Response.json({ ok: 1 }, { status: 201, headers: { "x-frame-options": "SAMEORIGIN" } });
    response.headers.append("set-cookie", "a=1");
    response.headers.append("set-cookie", "b=2");
    await sendResponse(
      res,
      response,
      { "x-frame-options": "DENY", "x-content-type-options": "nosniff" },
      true,
    );
    expect(written.status).toBe(201);
    expect(written.headers).toMatchObject({
      "x-frame-options": "SAMEORIGIN",
      "x-content-type-options": "nosniff",
      "content-type": "application/json",
      "content-length": "8",
      "set-cookie": ["a=1", "b=2"],
      connection: "close",
    });
    expect(written.body?.toString()).toBe('{"ok":1}');
  });

  it("takes the security headers from next.config.ts", async () => {
    const headers = await securityHeadersFor(nextConfig);
    expect(headers["content-security-policy"]).toContain("frame-ancestors 'none'");
    expect(headers["x-frame-options"]).toBe("DENY");
    expect(headers["x-content-type-options"]).toBe("nosniff");
    expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  });
});
