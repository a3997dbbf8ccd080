// npm run bench:request: what the metering API's own work costs a spend, piece by piece: the CPU the
// app's request path spends beyond the ledger call, which the floor server of bench:api (the same
// spend() behind bare node:http) does not do. Each piece goes through the very functions the route
// uses, in-process, with no socket and no ledger call (the database only answers the key's first
// lookup; after it the key is remembered, as on a spend):
//
//   bridge    node:http → the handler's Request, the body taken once, the answer written (a stand-in)
//   key       authenticate(): the key's shape and SHA-256, the remembered key, its rate-limit bucket
//   body      readJson + parseInput: JSON, its depth, storable text, the zod schema of a spend
//   answer    jsonResponse with the rate-limit headers, no-store and the request id, as runApiRoute adds them
//   observed  observeRequest around a handler with nothing to do: the request id, the async context,
//             the duration metric and the access-log line (to a sink that drops it)
//
// It also times the access-log line written in a turn of the event loop of its own (one request at a
// time: the turn buffer writes each line alone) against lines that share a turn (under load), to a
// real file descriptor (/dev/null). CPU µs a request from process.cpuUsage (user + system), median of
// the rounds, each piece warmed first. Then the bytes each piece allocates a request: V8's new space in
// use before and after a few calls, in batches no garbage collection fell into, less what an empty
// awaited call allocates; unlike CPU time, this does not move with the machine's speed.
//
// Options: --requests N (a round, default 20,000), --rounds N (default 5).
import { randomUUID } from "node:crypto";
import { closeSync, openSync, writeSync } from "node:fs";
import { getHeapSpaceStatistics } from "node:v8";
import { IncomingMessage, type ServerResponse } from "node:http";
import { Socket } from "node:net";
import { parseArgs } from "node:util";
import { createUser } from "../../db/queries/users";
import { authenticate } from "../../lib/api/v1/auth";
import { MAX_BODY_BYTES, parseInput, readJson } from "../../lib/api/v1/http";
import { rateLimitHeaders, type RateDecision } from "../../lib/api/v1/rate-limit";
import { usageRequest } from "../../lib/api/v1/schemas";
import { observeRequest } from "../../lib/api/observe";
import { getClock } from "../../lib/clock";
import { getDb } from "../../lib/db";
import { jsonResponse } from "../../lib/http/json-response";
import { sendResponse, toRequest, type CappedBody } from "../../lib/http/node-bridge";
import { createLogger, logRequest, setLogger } from "../../lib/log/logger";
import { REQUEST_ID_HEADER } from "../../lib/log/request-id";
import { turnBufferedStream } from "../../lib/log/turn-buffer";
import { fundedWorkspace, median, runBench } from "./support";

const { values } = parseArgs({
  options: { requests: { type: "string", default: "20000" }, rounds: { type: "string", default: "5" } },
});
const REQUESTS = Number(values.requests);
const ROUNDS = Number(values.rounds);

const sink = { write: (_line: string) => {} };
const logTo = (stream: { write: (line: string) => void }) => void setLogger(createLogger(stream, "info"));
const answerHeaders = { "x-frame-options": "DENY", "x-content-type-options": "nosniff" };
const response = { write: () => true, writeHead: () => undefined, end: () => undefined };

/** Requests are made (untimed) this many at a time before a piece that needs them runs on them. */
const CHUNK = 1_000;

/** Runs `measure` on each chunk of `count` calls (its size), after `prepare` for that chunk. */
async function inChunks(
  count: number,
  prepare: (() => void) | undefined,
  measure: (size: number) => Promise<void>,
) {
  for (let done = 0; done < count; done += CHUNK) {
    prepare?.();
    await measure(Math.min(CHUNK, count - done));
  }
}

/**
 * CPU µs a call of `piece` over `count` calls, each awaited (a promise or not); `prepare` runs before
 * each chunk of CHUNK calls, outside the time.
 */
async function cpuMicroseconds(
  piece: (i: number) => unknown,
  count: number,
  prepare?: () => void,
): Promise<number> {
  let micros = 0;
  await inChunks(count, prepare, async (size) => {
    const start = process.cpuUsage();
    for (let i = 0; i < size; i += 1) await piece(i);
    const used = process.cpuUsage(start);
    micros += used.user + used.system;
  });
  return micros / count;
}

/** Bytes in V8's new space now (where a request's short-lived objects are made). */
const newSpaceUsed = () =>
  getHeapSpaceStatistics().find((space) => space.space_name === "new_space")?.space_used_size ?? 0;

/** Calls a batch makes between two readings of the new space: few enough that most see no collection. */
const BYTES_BATCH = 20;

/**
 * Bytes allocated a call of `piece`, median over batches of BYTES_BATCH awaited calls; a batch the
 * garbage collector ran in (the new space shrank) is left out.
 */
async function bytesPerCall(
  piece: (i: number) => unknown,
  count: number,
  prepare?: () => void,
): Promise<number> {
  const batches: number[] = [];
  await inChunks(count, prepare, async (size) => {
    for (let at = 0; at + BYTES_BATCH <= size; at += BYTES_BATCH) {
      const before = newSpaceUsed();
      for (let i = at; i < at + BYTES_BATCH; i += 1) await piece(i);
      const after = newSpaceUsed();
      if (after >= before) batches.push((after - before) / BYTES_BATCH);
    }
  });
  return median(batches);
}

runBench(
  { name: "bench:request", dataDir: ".data/bench-request", keep: false, poolSize: 2 },
  async ({ db, url }) => {
    // The app's own database handle (getDb) reads DATABASE_URL when first asked.
    process.env.DATABASE_URL = url;
    logTo(sink);
    const owner = await createUser(db, { email: `bench-${randomUUID()}@bench.test`, name: "Bench" });
    const workspace = await fundedWorkspace(db, { ownerUserId: owner.id, label: "Bench", credits: 1_000 });

    const body = (i: number) =>
      Buffer.from(
        JSON.stringify({
          idempotencyKey: randomUUID(),
          member: workspace.membershipId,
          feature: "image",
          model: "imagine-standard",
          results: 1 + (i % 4),
        }),
      );
    const rawHeaders = (length: number) => [
      "Host",
      "127.0.0.1:3000",
      "Content-Type",
      "application/json",
      "Authorization",
      `Bearer ${workspace.key}`,
      "Content-Length",
      String(length),
      "Connection",
      "keep-alive",
    ];
    /** A request as server.ts makes it for a handler, from a fresh IncomingMessage. */
    const request = (i: number): Request => {
      const bytes = body(i);
      const incoming = new IncomingMessage(new Socket());
      incoming.method = "POST";
      incoming.url = "/api/v1/usage";
      incoming.rawHeaders = rawHeaders(bytes.length);
      const capped: CappedBody = { bytes, truncated: false };
      return toRequest(incoming, capped);
    };
    const spent = {
      id: randomUUID(),
      entryId: 123_456,
      credits: 24,
      split: { free: 0, subscription: 24, topUp: 0 },
      balance: { total: 976 },
    };
    const decision: RateDecision = {
      ok: true,
      remaining: 99,
      resetSeconds: 1,
      retryAfterSeconds: 0,
      limit: { perSecond: 100, burst: 100 },
    };
    const answer = () => {
      const made = jsonResponse(spent, { status: 201 });
      for (const [name, value] of Object.entries(rateLimitHeaders(decision))) {
        if (!made.headers.has(name)) made.headers.set(name, value);
      }
      made.headers.set("cache-control", "no-store, no-transform");
      made.headers.set(REQUEST_ID_HEADER, "0f8fad5b-d9cb-469f-a165-70867728950e");
      return made;
    };
    const appDb = getDb();
    const clock = getClock();
    // Requests are made before each round and handed out in order: their making is the bridge's row.
    let prepared: Request[] = [];
    const prepare = () => {
      prepared = Array.from({ length: CHUNK }, (_, i) => request(i));
    };

    type Piece = { name: string; makesRequests: boolean; run: (i: number) => unknown };
    const pieces: Piece[] = [
      {
        name: "bridge: the Request made, its body taken, the answer written",
        makesRequests: false,
        run: async (i) => {
          const made = request(i);
          const read = await readJson(made, MAX_BODY_BYTES);
          if (!read.ok) throw new Error("the body did not read");
          await sendResponse(
            response as unknown as ServerResponse,
            jsonResponse(spent, { status: 201 }),
            answerHeaders,
            false,
          );
        },
      },
      {
        name: "key: SHA-256, the remembered key, the rate-limit bucket",
        makesRequests: true,
        run: async (i) => {
          const caller = await authenticate(appDb, clock, prepared[i] as Request, { trustCachedKey: true });
          if (caller instanceof Response) throw new Error(`the key was refused (${caller.status})`);
        },
      },
      {
        name: "body: JSON, depth, storable text, the spend's zod schema",
        makesRequests: true,
        run: async (i) => {
          const read = await readJson(prepared[i] as Request, MAX_BODY_BYTES);
          if (!read.ok || !parseInput(usageRequest, read.value).ok) throw new Error("the body did not parse");
        },
      },
      {
        name: "answer: JSON text, rate-limit headers, no-store, request id",
        makesRequests: false,
        run: () => answer(),
      },
      {
        name: "observed: request id, async context, duration metric, access-log line",
        makesRequests: true,
        run: (i) => observeRequest(prepared[i] as Request, async () => jsonResponse(spent, { status: 201 })),
      },
    ];

    const results = new Map<string, number[]>(pieces.map((piece) => [piece.name, []]));
    for (let round = -1; round < ROUNDS; round += 1) {
      for (const piece of round % 2 === 0 ? pieces : [...pieces].reverse()) {
        const us = await cpuMicroseconds(piece.run, REQUESTS, piece.makesRequests ? prepare : undefined);
        if (round >= 0) results.get(piece.name)?.push(us);
      }
    }

    // The bytes each piece allocates a request, less an empty awaited call's (the loop's own).
    const emptyBytes = await bytesPerCall(async () => undefined, REQUESTS);
    const bytes = new Map<string, number>();
    for (const piece of pieces) {
      const measured = await bytesPerCall(piece.run, REQUESTS, piece.makesRequests ? prepare : undefined);
      bytes.set(piece.name, Math.max(0, measured - emptyBytes));
    }

    // The access-log line alone, in a turn of its own (each line written by itself) and sharing turns.
    const devNull = openSync("/dev/null", "w");
    const toDevNull = turnBufferedStream((text) => void writeSync(devNull, text), { flushOnExit: false });
    logTo(toDevNull);
    const line = () => logRequest({ route: "/api/v1/usage", method: "POST", status: 201, ms: 2.3 });
    const nextTurn = () => new Promise((resolve) => setTimeout(resolve, 0));
    const turns = new Map<string, number[]>([
      ["a turn, no line", []],
      ["a turn, one line (one request at a time)", []],
    ]);
    const lines: number[] = [];
    const TURNS = Math.max(1, Math.floor(REQUESTS / 4));
    for (let round = -1; round < ROUNDS; round += 1) {
      const empty = await cpuMicroseconds(() => nextTurn(), TURNS);
      const withLine = await cpuMicroseconds(() => nextTurn().then(line), TURNS);
      const shared = await cpuMicroseconds(line, REQUESTS);
      if (round < 0) continue;
      turns.get("a turn, no line")?.push(empty);
      turns.get("a turn, one line (one request at a time)")?.push(withLine);
      lines.push(shared);
    }
    toDevNull.flush();
    closeSync(devNull);
    logTo(sink);

    const total = [...results.values()].reduce((sum, list) => sum + median(list), 0);
    console.log(
      `bench:request — the metering API's own work a spend, in-process; ${REQUESTS} requests a round, ` +
        `${ROUNDS} rounds, node ${process.version}`,
    );
    console.table(
      [...results].map(([name, list]) => ({
        piece: name,
        "CPU µs a request, rounds": list.map((us) => us.toFixed(1)).join(" / "),
        median: median(list).toFixed(1),
        share: `${((median(list) / total) * 100).toFixed(0)}%`,
        "KB allocated a request": ((bytes.get(name) ?? 0) / 1024).toFixed(1),
      })),
    );
    const totalBytes = [...bytes.values()].reduce((sum, b) => sum + b, 0);
    console.log(
      `all pieces: ${total.toFixed(1)} CPU µs and ${(totalBytes / 1024).toFixed(1)} KB allocated a request`,
    );
    const lineAlone =
      median(turns.get("a turn, one line (one request at a time)") ?? []) -
      median(turns.get("a turn, no line") ?? []);
    console.log(
      `the access-log line: ${median(lines).toFixed(1)} µs when lines share a turn (under load), ` +
        `${lineAlone.toFixed(1)} µs in a turn of its own (its write to /dev/null included; one request at a time)`,
    );
  },
);
