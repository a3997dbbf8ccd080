// The lean API path (server.ts): which requests it takes from Next.js, and that the node:http bridge
// hands the route handlers what Next.js would (the body, cut where the handler's own limit then
// refuses it; headers) and sends back what they answer, with the API's security headers (and which
// paths next.config.ts's rules give which set).
import { readdirSync, readFileSync, statSync } from "node:fs";
import { IncomingMessage, type ServerResponse } from "node:http";
import { Socket } from "node:net";
import path from "node:path";
import { describe, expect, it, vi } from "vitest";
import nextConfig from "@/next.config";
import { MAX_BODY_BYTES, readJson } from "@/lib/api/v1/http";
import { matchLeanRoute, NEXT_ONLY_ROUTES, type LeanRoute } from "@/lib/http/lean-routes";
import { JsonResponse, jsonResponse } from "@/lib/http/json-response";
import { buildCustomRoute } from "next/dist/server/lib/router-utils/filesystem";
import {
  API_HEADERS_SOURCE,
  apiSecurityHeadersFor,
  readCappedBody,
  sendResponse,
  toRequest,
} from "@/lib/http/node-bridge";

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

/** A real IncomingMessage, as node:http's parser leaves it: raw headers (repeats kept), body in two chunks. */
function incoming(
  method: string,
  body: Buffer,
  headers: Record<string, string> | [string, string][] = {},
): IncomingMessage {
  const message = new IncomingMessage(new Socket());
  const pairs = Array.isArray(headers) ? headers : Object.entries(headers);
  message.method = method;
  message.url = "/api/v1/usage?x=1";
  message.rawHeaders = pairs.flat();
  message.headers = Object.fromEntries(pairs.map(([name, value]) => [name.toLowerCase(), value]));
  if (body.length > 0) {
    message.push(body.subarray(0, 7));
    message.push(body.subarray(7));
  }
  message.push(null);
  return message;
}

const held = (body: string) => ({ bytes: Buffer.from(body), truncated: false });

describe("the node:http bridge", () => {
  it("reads a body whole, and none for GET", async () => {
    const body = Buffer.from('{"results":1}');
    expect(await readCappedBody(incoming("POST", body), 100)).toEqual({ bytes: body, truncated: false });
    expect(await readCappedBody(incoming("GET", body), 100)).toEqual({ bytes: null, truncated: false });
    const whole = new IncomingMessage(new Socket());
    whole.method = "POST";
    whole.push(body);
    whole.push(null);
    expect(await readCappedBody(whole, 100)).toEqual({ bytes: body, truncated: false });
    const empty = new IncomingMessage(new Socket());
    empty.method = "POST";
    empty.push(null);
    expect(await readCappedBody(empty, 100)).toEqual({ bytes: Buffer.alloc(0), truncated: false });
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

  it("answers headers as fetch's Headers does: any case, repeats joined, changes kept", () => {
    const request = toRequest(
      incoming("GET", Buffer.alloc(0), [
        ["X-Tag", "a"],
        ["x-tag", "b"],
        ["Authorization", "Bearer k"],
        ["Authorization", "Bearer other"],
      ]),
      { bytes: null, truncated: false },
    );
    // node:http keeps only the first Authorization in `headers`; fetch joins them, and so does this.
    expect(request.headers.get("AUTHORIZATION")).toBe("Bearer k, Bearer other");
    expect(request.headers.get("x-tag")).toBe("a, b");
    expect(request.headers.has("X-TAG")).toBe(true);
    expect(request.headers.get("missing")).toBeNull();
    expect(request.headers.has("missing")).toBe(false);
    request.headers.set("x-tag", "c");
    request.headers.append("x-new", "d");
    expect(request.headers.get("x-tag")).toBe("c");
    expect([...request.headers].sort()).toEqual([
      ["authorization", "Bearer k, Bearer other"],
      ["x-new", "d"],
      ["x-tag", "c"],
    ]);
  });

  it("hands the handler's body reader the bytes once, after which the body is used", async () => {
    const body = Buffer.from('{"units":2}');
    const request = toRequest(incoming("POST", body), await readCappedBody(incoming("POST", body)));
    expect(request.bodyUsed).toBe(false);
    expect(await readJson(request, MAX_BODY_BYTES)).toEqual({ ok: true, value: { units: 2 } });
    expect(request.bodyUsed).toBe(true);
    await expect(request.text()).rejects.toThrow(TypeError);
    expect(() => request.body?.getReader()).toThrow(TypeError);
  });

  it("a body read another way first is read from its stream by the body reader, and only once", async () => {
    const request = toRequest(incoming("POST", Buffer.from("{}")), held('{"a":1}'));
    const stream = request.body;
    expect(stream).not.toBeNull();
    expect(await readJson(request, MAX_BODY_BYTES)).toEqual({ ok: true, value: { a: 1 } });
    expect(request.bodyUsed).toBe(true);
  });

  it("is a whole Request: a signal, a clone, the body as a stream or in any form", async () => {
    const request = toRequest(
      incoming("POST", Buffer.from("x=1"), { "content-type": "application/x-www-form-urlencoded" }),
      held("x=1"),
    );
    expect(request.signal).toBeInstanceOf(AbortSignal);
    expect(request.signal.aborted).toBe(false);
    expect(request.cache).toBe("default");
    expect(request.redirect).toBe("follow");
    const copy = request.clone();
    expect(copy.url).toBe("http://localhost/api/v1/usage?x=1");
    expect(copy.headers.get("content-type")).toBe("application/x-www-form-urlencoded");
    expect(await copy.text()).toBe("x=1");
    expect((await request.formData()).get("x")).toBe("1");
    expect(request.bodyUsed).toBe(true);
    await expect(readJson(request, MAX_BODY_BYTES)).rejects.toThrow(TypeError);
  });

  it("a request with no body has none, and the body reader says so", async () => {
    const request = toRequest(incoming("GET", Buffer.alloc(0)), { bytes: null, truncated: false });
    expect(await readJson(request, MAX_BODY_BYTES)).toMatchObject({ ok: false });
    const other = toRequest(incoming("GET", Buffer.alloc(0)), { bytes: null, truncated: false });
    expect(other.body).toBeNull();
    expect(await other.text()).toBe("");
  });

  it("answers with the security headers under the handler's own, and closes a connection it did not read to the end", async () => {
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

  it("takes a spend's request and answer across without a web Request or a stream (what makes it cheap)", async () => {
    let built = 0;
    vi.stubGlobal(
      "Request",
      new Proxy(Request, {
        construct(target, args: ConstructorParameters<typeof Request>) {
          built += 1;
          return Reflect.construct(target, args) as Request;
        },
      }),
    );
    const bodyRead = vi.spyOn(JsonResponse.prototype, "body", "get");
    const bufferRead = vi.spyOn(JsonResponse.prototype, "arrayBuffer");
    try {
      const body = Buffer.from('{"units":1}');
      const request = toRequest(
        incoming("POST", body, { authorization: "Bearer k", "x-request-id": "r1" }),
        await readCappedBody(incoming("POST", body)),
      );
      expect(request.headers.get("authorization")).toBe("Bearer k");
      // Answered at once, without a promise or a turn of its own.
      const read = readJson(request, MAX_BODY_BYTES);
      expect(read).not.toBeInstanceOf(Promise);
      expect(read).toEqual({ ok: true, value: { units: 1 } });
      let sent: unknown;
      const res = {
        writeHead: () => undefined,
        end: (chunk: unknown) => (sent = chunk),
      } as unknown as ServerResponse;
      expect(sendResponse(res, jsonResponse({ charged: "1" }, { status: 201 }), {}, false)).toBeUndefined();
      expect(sent).toBe('{"charged":"1"}');
      expect(built).toBe(0);
      expect(bodyRead).not.toHaveBeenCalled();
      expect(bufferRead).not.toHaveBeenCalled();
      // and the way the bridge built it before would have been seen
      void new Request("http://localhost/");
      expect(built).toBe(1);
    } finally {
      vi.unstubAllGlobals();
      vi.restoreAllMocks();
    }
  });

  it("takes the API's security headers from next.config.ts: the very set Next.js sends on /api/v1", async () => {
    const headers = await apiSecurityHeadersFor(nextConfig);
    expect(headers).toEqual((await securityHeadersOn("/api/v1/usage")).headers);
    expect(headers["content-security-policy"]).toBe("default-src 'none'; frame-ancestors 'none'");
    // Without its rule the server would send none: it refuses to start instead.
    const rules = (await nextConfig.headers?.()) ?? [];
    await expect(apiSecurityHeadersFor({ headers: async () => rules.slice(0, 1) })).rejects.toThrow(
      API_HEADERS_SOURCE,
    );
  });
});

/** The security headers Next.js applies to `pathname` under next.config.ts's rules, as its router matches them. */
async function securityHeadersOn(
  pathname: string,
): Promise<{ rules: number; headers: Record<string, string> }> {
  const rules = ((await nextConfig.headers?.()) ?? []).map((rule) => buildCustomRoute("header", rule));
  const matched = rules.filter(
    (rule) =>
      rule.match(pathname) && rule.headers.some(({ key }) => /security|frame|type-options/i.test(key)),
  );
  const headers: Record<string, string> = {};
  for (const rule of matched) for (const { key, value } of rule.headers) headers[key.toLowerCase()] = value;
  return { rules: matched.length, headers };
}

describe("next.config.ts's security headers", () => {
  it("give /api/v1 and every path under it the API's set", async () => {
    for (const pathname of [
      "/api/v1",
      "/api/v1/",
      "/api/v1/usage",
      "/api/v1/holds/h1/settle",
      "/api/v1/openapi.json",
      "/api/v1/no/such/path",
    ]) {
      const { rules, headers } = await securityHeadersOn(pathname);
      expect(rules, pathname).toBe(1);
      expect(headers["content-security-policy"], pathname).toBe("default-src 'none'; frame-ancestors 'none'");
      expect(headers["x-frame-options"], pathname).toBe("DENY");
      expect(headers["x-content-type-options"], pathname).toBe("nosniff");
      // what governs a document only
      expect(headers["referrer-policy"], pathname).toBeUndefined();
      expect(headers["permissions-policy"], pathname).toBeUndefined();
    }
  });

  it("give every other path (pages, other routes, static files) the page set, never both", async () => {
    for (const pathname of [
      "/",
      "/sign-in",
      "/w/abc/credits",
      "/api/metrics",
      "/api/auth/session",
      "/api/workspaces/w1/credits",
      "/api/v1beta",
      "/api/v10/usage",
      "/icon.svg",
      "/_next/static/chunks/app.js",
    ]) {
      const { rules, headers } = await securityHeadersOn(pathname);
      expect(rules, pathname).toBe(1);
      expect(headers["content-security-policy"], pathname).toContain("default-src 'self'");
      expect(headers["content-security-policy"], pathname).toContain("frame-ancestors 'none'");
      expect(headers["x-frame-options"], pathname).toBe("DENY");
      expect(headers["x-content-type-options"], pathname).toBe("nosniff");
      expect(headers["referrer-policy"], pathname).toBe("strict-origin-when-cross-origin");
      expect(headers["permissions-policy"], pathname).toContain("camera=()");
    }
  });
});
