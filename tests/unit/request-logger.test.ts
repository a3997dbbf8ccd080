// Pages and server actions log with their request's id too: proxy.ts hands every page request and
// server action an X-Request-Id (the caller's when sane, else a new one) as a request header and
// sends it back; a server action's every log line carries it (action-client.ts runs the action in
// it), and a page's `requestLogger()` is a child logger bound to it. Outside a request, no id.
import { NextRequest } from "next/server";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";

let requestHeaders: Headers | null = null;
vi.mock("next/headers", () => ({
  headers: async () => {
    if (!requestHeaders) throw new Error("`headers` was called outside a request scope");
    return requestHeaders;
  },
}));
vi.mock("@/lib/db", () => ({ getDb: () => ({}) }));

const { createLogger, getLogger, setLogger } = await import("@/lib/log/logger");
const { requestLogger } = await import("@/lib/log/request-logger");
const { ok, publicAction } = await import("@/lib/actions/action-client");
const { proxy } = await import("@/proxy");

const lines: Record<string, unknown>[] = [];
let previous: ReturnType<typeof createLogger> | undefined;

beforeEach(() => {
  lines.length = 0;
  previous = setLogger(
    createLogger(
      { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) },
      "info",
    ),
  );
});
afterEach(() => {
  setLogger(previous);
  requestHeaders = null;
});

/** What proxy.ts hands the page (the request header it overrides) and sends back. */
async function throughProxy(init: { method?: string; headers?: Record<string, string> }) {
  const response = await proxy(new NextRequest("http://127.0.0.1:3000/w/northwind/members", init));
  return {
    toPage: response.headers.get("x-middleware-request-x-request-id"),
    back: response.headers.get("x-request-id"),
    status: response.status,
  };
}

describe("the proxy gives every page request and server action an id", () => {
  it("passes on a sane X-Request-Id from the caller (HAProxy's) and sends it back", async () => {
    const seen = await throughProxy({ headers: { "x-request-id": "haproxy-7f3a9c1e:42" } });
    expect(seen.toPage).toBe("haproxy-7f3a9c1e:42");
    expect(seen.back).toBe("haproxy-7f3a9c1e:42");
  });

  it("replaces a missing or forged one with a new id, the same to the page and back", async () => {
    for (const headers of [{}, { "x-request-id": 'x"}{"level":"fatal' }] as Record<string, string>[]) {
      const seen = await throughProxy({ headers });
      expect(seen.toPage).toMatch(/^[0-9a-f-]{36}$/);
      expect(seen.back).toBe(seen.toPage);
    }
  });

  it("puts the id on a refusal too (a cross-site server action)", async () => {
    const seen = await throughProxy({
      method: "POST",
      headers: { host: "127.0.0.1:3000", origin: "https://evil.example", "next-action": "abc" },
    });
    expect(seen.status).toBe(403);
    expect(seen.back).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe("a server action's log lines carry its request id", () => {
  const action = publicAction(z.object({ name: z.string() }), async (_ctx, input) => {
    getLogger().info({ name: input.name }, "in the action");
    await new Promise((resolve) => setTimeout(resolve, 2));
    getLogger().warn("after an await");
    return ok(input.name);
  });

  it("every line written inside the action, by any module, has the id the proxy set", async () => {
    requestHeaders = new Headers({ "x-request-id": "req-action-1234" });
    await expect(action({ name: "a" })).resolves.toEqual({ ok: true, data: "a" });
    getLogger().info("after the action");
    expect(lines.map((line) => [line.msg, line.reqId])).toEqual([
      ["in the action", "req-action-1234"],
      ["after an await", "req-action-1234"],
      ["after the action", undefined],
    ]);
  });

  it("two actions at once keep their own ids", async () => {
    const run = async (id: string) => {
      requestHeaders = new Headers({ "x-request-id": id });
      return action({ name: id });
    };
    await Promise.all([run("req-first-0001"), run("req-second-002")]);
    for (const line of lines) expect(line.reqId).toBe(line.name ?? line.reqId);
    expect(lines.filter((line) => line.reqId === "req-first-0001")).toHaveLength(2);
  });

  it("outside a request (a script calling the action) it still runs, without an id", async () => {
    await expect(action({ name: "b" })).resolves.toEqual({ ok: true, data: "b" });
    expect(lines.every((line) => line.reqId === undefined)).toBe(true);
  });
});

describe("a page's logger", () => {
  it("is a child logger bound to the request's id", async () => {
    requestHeaders = new Headers({ "x-request-id": "req-page-56789" });
    (await requestLogger()).warn("could not list");
    requestHeaders = null;
    (await requestLogger()).warn("no request");
    expect(lines.map((line) => [line.msg, line.reqId])).toEqual([
      ["could not list", "req-page-56789"],
      ["no request", undefined],
    ]);
  });
});
