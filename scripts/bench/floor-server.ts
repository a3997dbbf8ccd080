// The floor of an HTTP spend on this machine, for bench:api: a plain node:http server with nothing between
// the socket and the work. No route matching, no Request/Response objects, no key lookup, no zod, no rate
// limit, no log line: it reads the body, parses it, does the work and answers. Two paths:
//
//   POST /spend     the ledger's spend() for the body's workspace, member and API key id, the call the
//                   route makes (and bench:api's in-process row), through the same pool size and group
//                   commit as the app: the ledger checks the key's cap and counts its usage
//   POST /baseline  the baseline's two-row statement (a guarded UPDATE plus a ledger INSERT), on the same
//                   tables bench:api's in-process baseline uses
//   POST /batch     the ledger's spendBatchValidated() for the body's records (bench:batch): the call the
//                   batch route makes once it has validated the body and found the members, answered with
//                   the counts only
//
// Whatever this server cannot reach, the app's server cannot either: it is what a spend over HTTP costs
// with everything that is ours taken out. Not part of the app; started by scripts/bench/api.ts only.
//
// With FLOOR_IN_NEXT=1 the same server first loads Next.js in its process, as server.ts does
// (`next({ dev: false })` and `prepare()`: its patched `Date`, its modules on the heap), and runs each
// request inside an AsyncLocalStorage, as the app's logger does: what an HTTP spend costs in a process
// that also serves the pages, before any of the metering API's own code.
//
//   tsx --conditions=react-server scripts/bench/floor-server.ts
//   (env: DATABASE_URL, PORT, DATABASE_POOL_SIZE, FLOOR_IN_NEXT)
// First, as in server.ts: no source maps for what loads after it (lib/runtime/source-maps.ts).
import "../../lib/runtime/source-maps-off";
import { AsyncLocalStorage } from "node:async_hooks";
import { createServer } from "node:http";
import { createDatabase } from "../../db";
import { systemClock } from "../../lib/clock";
import { loadLeanRoutes } from "../../lib/http/lean-routes";
import { spend, spendBatchValidated } from "../../lib/ledger";

const url = process.env.DATABASE_URL;
if (!url) throw new Error("DATABASE_URL is required");
const port = Number(process.env.PORT);
const db = createDatabase(url, { max: Number(process.env.DATABASE_POOL_SIZE ?? 4) });
const ctx = { db, clock: systemClock };

type Body = {
  workspaceId: string;
  member: string;
  apiKeyId: string;
  idempotencyKey: string;
  records?: { idempotencyKey: string; member: string; feature: string; model: string; results: number }[];
};

async function work(path: string | undefined, body: Body): Promise<[number, string]> {
  if (path === "/baseline") {
    await db.$client`with d as (update bench_accounts set balance = balance - 24 where id = 1 and balance >= 24 returning balance)
      insert into bench_ledger (account_id, amount, balance_after) select 1, -24, balance from d`;
    return [201, '{"ok":true}'];
  }
  if (path === "/batch") {
    const outcomes = await spendBatchValidated(
      ctx,
      body.workspaceId,
      (body.records ?? []).map((r) => ({
        idempotencyKey: r.idempotencyKey,
        membershipId: r.member,
        apiKeyId: body.apiKeyId,
        feature: r.feature,
        model: r.model,
        settings: {},
        results: r.results,
      })),
    );
    const succeeded = outcomes.filter((o) => o.ok).length;
    return [200, JSON.stringify({ succeeded, failed: outcomes.length - succeeded })];
  }
  const outcome = await spend(ctx, {
    workspaceId: body.workspaceId,
    membershipId: body.member,
    feature: "image",
    model: "imagine-standard",
    results: 1,
    idempotencyKey: body.idempotencyKey,
    apiKeyId: body.apiKeyId,
  });
  return outcome.ok ? [201, '{"ok":true}'] : [402, JSON.stringify({ error: outcome.message })];
}

const inNext = process.env.FLOOR_IN_NEXT === "1";
if (inNext) {
  (process.env as Record<string, string>).NODE_ENV = "production";
  const { default: next } = await import("next");
  await next({ dev: false, dir: process.cwd(), customServer: true }).prepare();
  // As server.ts: the route modules of the build loaded (this is what installs Next.js's `Date`).
  await loadLeanRoutes(process.cwd());
}
const scope = new AsyncLocalStorage<{ reqId: string }>();
let requests = 0;

createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on("data", (chunk: Buffer) => chunks.push(chunk));
  request.on("end", () => {
    const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as Body;
    requests += 1;
    const answer = inNext
      ? scope.run({ reqId: String(requests) }, () => work(request.url, body))
      : work(request.url, body);
    answer.then(
      ([status, text]) => {
        response.writeHead(status, { "content-type": "application/json" });
        response.end(text);
      },
      (error: unknown) => {
        response.writeHead(500, { "content-type": "text/plain" });
        response.end(String(error));
      },
    );
  });
}).listen(port, "127.0.0.1", () =>
  console.log(inNext ? `ready (Next.js loaded: Date is ${Date.name})` : "ready"),
);
