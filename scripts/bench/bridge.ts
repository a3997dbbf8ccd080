// npm run bench:bridge: what the lean API path's conversions cost a request, node:http ⇄ the handler's
// web Request and Response, with the objects server.ts hands the handlers now (a BridgedRequest, whose
// bytes the body reader takes once; a jsonResponse, whose text the bridge writes) against the ones it
// built before in the same run (undici's `new Request` with its Headers and body stream, read by the same
// body reader through the stream; `Response.json`, read back with arrayBuffer()). Both go through the
// very functions the route uses (readJson, sendResponse) on a real IncomingMessage, and each request runs
// inside an AsyncLocalStorage as on the server (its promise hooks are part of the cost). No socket: the
// response is written to a stand-in, so this is the conversions' own CPU.
//
// Options: --requests N (a round, default 20,000), --rounds N (default 5).
import { AsyncLocalStorage } from "node:async_hooks";
import { IncomingMessage, type ServerResponse } from "node:http";
import { Socket } from "node:net";
import { parseArgs } from "node:util";
import { MAX_BODY_BYTES, readJson } from "../../lib/api/v1/http";
import { jsonResponse } from "../../lib/http/json-response";
import { sendResponse, toRequest, type CappedBody } from "../../lib/http/node-bridge";
import { median } from "./support";

const { values } = parseArgs({
  options: { requests: { type: "string", default: "20000" }, rounds: { type: "string", default: "5" } },
});
const REQUESTS = Number(values.requests);
const ROUNDS = Number(values.rounds);

const body = Buffer.from(
  JSON.stringify({
    idempotencyKey: "2b0f7c52-4d8e-4c55-9d1e-1f6c1f9a7a11",
    member: "ada@example.com",
    feature: "image",
    model: "imagine-standard",
    results: 1,
  }),
);
const RAW_HEADERS = [
  "Host",
  "127.0.0.1:3000",
  "Content-Type",
  "application/json",
  "Authorization",
  "Bearer cpk_0123abcd_abcdefghijklmnopqrstuvwxyzABCDEF0123",
  "Content-Length",
  String(body.length),
  "Connection",
  "keep-alive",
];
const answer = {
  id: "6f1f7e36-0d3a-4f4e-8d7c-0c1f35a6b8d2",
  charged: "24",
  balance: { free: "0", subscription: "1200", topUp: "500", total: "1700" },
};
const RESPONSE_HEADERS = ["ratelimit", "ratelimit-policy", "x-request-id", "cache-control"];

function message(): IncomingMessage {
  const incoming = new IncomingMessage(new Socket());
  incoming.method = "POST";
  incoming.url = "/api/v1/usage";
  incoming.rawHeaders = RAW_HEADERS;
  return incoming;
}

const sink = { writeHead: () => undefined, end: () => undefined } as unknown as ServerResponse;
const capped: CappedBody = { bytes: body, truncated: false };

/** What server.ts's toRequest built before (lib/http/node-bridge.ts at b9cbb23). */
function undiciRequest(req: IncomingMessage, held: CappedBody): Request {
  const headers = new Headers();
  const raw = req.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) headers.append(raw[i] as string, raw[i + 1] as string);
  const bytes = held.bytes;
  return new Request(`http://localhost${req.url ?? "/"}`, {
    method: req.method,
    headers,
    body: bytes === null ? null : new Uint8Array(bytes.buffer as ArrayBuffer, bytes.byteOffset, bytes.length),
  });
}

type Way = {
  name: string;
  toRequest: (req: IncomingMessage, held: CappedBody) => Request;
  respond: (value: unknown, init: ResponseInit) => Response;
};
const ways: Way[] = [
  {
    name: "undici Request + Response.json (before)",
    toRequest: undiciRequest,
    respond: (value, init) => Response.json(value, init),
  },
  { name: "BridgedRequest + jsonResponse (now)", toRequest, respond: jsonResponse },
];

const context = new AsyncLocalStorage<{ reqId: string }>();

async function oneRequest(way: Way): Promise<void> {
  const request = way.toRequest(message(), capped);
  if (request.headers.get("authorization") === null) throw new Error("no authorization header");
  const read = await readJson(request, MAX_BODY_BYTES);
  if (!read.ok) throw new Error("the body did not read");
  const response = way.respond(answer, { status: 201 });
  for (const name of RESPONSE_HEADERS) response.headers.set(name, "1");
  await sendResponse(sink, response, { "x-frame-options": "DENY" }, false);
}

async function microsecondsARequest(way: Way): Promise<number> {
  const start = performance.now();
  for (let i = 0; i < REQUESTS; i += 1) await context.run({ reqId: String(i) }, () => oneRequest(way));
  return ((performance.now() - start) * 1000) / REQUESTS;
}

async function main() {
  for (const way of ways) await microsecondsARequest(way); // warm the JIT on both
  const results = new Map<string, number[]>(ways.map((way) => [way.name, []]));
  for (let round = 0; round < ROUNDS; round += 1)
    for (const way of round % 2 === 0 ? ways : [...ways].reverse())
      results.get(way.name)?.push(await microsecondsARequest(way));
  const before = median(results.get(ways[0]?.name ?? "") ?? []);
  console.log(`bench:bridge — ${REQUESTS} requests a round, ${ROUNDS} rounds, node ${process.version}`);
  console.table(
    [...results].map(([name, list]) => ({
      conversions: name,
      "µs a request, rounds": list.map((us) => us.toFixed(1)).join(" / "),
      median: median(list).toFixed(1),
      "× before": (median(list) / before).toFixed(2),
    })),
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
