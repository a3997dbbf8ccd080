// npm run bench:source-maps: what Node's source maps cost the app's server. tsx, which runs server.ts,
// turns them on for the whole process, and Node then reads and keeps the map of every module loaded
// after (Next.js's build has 57 MB of them); server.ts turns them off first thing unless asked for
// (lib/runtime/source-maps.ts). This starts server.ts both ways, taking turns round by round (the order
// alternating): as it is, and with NODE_OPTIONS=--enable-source-maps, which is how it ran before.
// Each round starts the server afresh and measures:
//
//   start        ms from spawning `tsx server.ts` to its first answer
//   heap         V8's heap in use after the round's load (MB), and its major garbage collections
//                during the load (count and pause ms), from the server's own metrics
//   1 client     p50 and server CPU ms a request, spends on one hot workspace
//   32 clients   p99 and server CPU ms a request, the same
//
// Options: --rounds N (default 5), --seconds N (each load, default 5), --port N (default 7870).
import { randomUUID } from "node:crypto";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import { createUser } from "../../db/queries/users";
import {
  fundedWorkspace,
  groupCpuMs,
  median,
  metricTotal,
  NO_RATE_LIMIT,
  percentile,
  runBench,
  scrapeMetrics,
} from "./support";

const { values } = parseArgs({
  options: {
    rounds: { type: "string", default: "5" },
    seconds: { type: "string", default: "5" },
    port: { type: "string", default: "7870" },
  },
});
const ROUNDS = Number(values.rounds);
const SECONDS = Number(values.seconds);
const PORT = Number(values.port);
const METRICS_TOKEN = `bench-metrics-${randomUUID()}`;

const VARIANTS: { name: string; env: Record<string, string> }[] = [
  { name: "server.ts (source maps off)", env: {} },
  {
    name: "server.ts with NODE_OPTIONS=--enable-source-maps (as before)",
    env: { NODE_OPTIONS: "--enable-source-maps" },
  },
];

type Round = {
  startMs: number;
  heapMb: number;
  majorGcs: number;
  majorGcMs: number;
  p50One: number;
  cpuOne: number;
  p99Many: number;
  cpuMany: number;
};

runBench(
  {
    name: "bench:source-maps",
    dataDir: ".data/bench-source-maps",
    keep: false,
    poolSize: 4,
    build: true,
    verify: true,
  },
  async ({ db, serve }) => {
    const owner = await createUser(db, { email: `bench-${randomUUID()}@bench.test`, name: "Bench" });
    const hot = await fundedWorkspace(db, {
      ownerUserId: owner.id,
      label: "Bench",
      credits: 1_000_000_000_000,
    });
    const base = `http://127.0.0.1:${PORT}`;
    const load = async (pgid: number, clients: number, seconds: number) => {
      const latencies: number[] = [];
      const cpu0 = groupCpuMs(pgid);
      let wrong = 0;
      const instance = autocannon({
        url: `${base}/api/v1/usage`,
        connections: clients,
        duration: seconds,
        method: "POST",
        requests: [
          {
            setupRequest: (request) => ({
              ...request,
              method: "POST",
              headers: { authorization: `Bearer ${hot.key}`, "content-type": "application/json" },
              body: JSON.stringify({
                idempotencyKey: randomUUID(),
                member: hot.membershipId,
                feature: "image",
                model: "imagine-standard",
                results: 1,
              }),
            }),
          },
        ],
      });
      instance.on("response", (_client, status, _bytes, ms) => {
        if (status === 201) latencies.push(ms);
        else wrong += 1;
      });
      const result = await instance;
      if (wrong > 0 || result.errors > 0)
        throw new Error(`${wrong} answers other than 201, ${result.errors} errors`);
      latencies.sort((a, b) => a - b);
      return { latencies, cpuMs: (groupCpuMs(pgid) - cpu0) / result.requests.total };
    };

    const rounds = new Map<string, Round[]>(VARIANTS.map((variant) => [variant.name, []]));
    for (let round = 0; round < ROUNDS; round += 1) {
      for (const variant of round % 2 === 0 ? VARIANTS : [...VARIANTS].reverse()) {
        const started = performance.now();
        const pgid = await serve(PORT, {
          ...NO_RATE_LIMIT,
          DATABASE_POOL_SIZE: "4",
          METRICS_TOKEN,
          ...variant.env,
        });
        const startMs = performance.now() - started;
        await load(pgid, 8, SECONDS);
        const before = (await scrapeMetrics(base, METRICS_TOKEN)) ?? "";
        const one = await load(pgid, 1, SECONDS);
        const many = await load(pgid, 32, SECONDS);
        const after = (await scrapeMetrics(base, METRICS_TOKEN)) ?? "";
        const major = (text: string, part: "count" | "sum") =>
          metricTotal(text, `creditpool_nodejs_gc_duration_seconds_${part}`, 'kind="major"');
        rounds.get(variant.name)?.push({
          startMs,
          heapMb: metricTotal(after, "creditpool_nodejs_heap_size_used_bytes") / 1024 / 1024,
          majorGcs: major(after, "count") - major(before, "count"),
          majorGcMs: (major(after, "sum") - major(before, "sum")) * 1000,
          p50One: percentile(one.latencies, 50),
          cpuOne: one.cpuMs,
          p99Many: percentile(many.latencies, 99),
          cpuMany: many.cpuMs,
        });
      }
    }

    console.log(
      `\nbench:source-maps — ${ROUNDS} alternating rounds, ${SECONDS} s a load, autocannon, node ${process.version}`,
    );
    const columns: [string, (r: Round) => number, number][] = [
      ["start ms", (r) => r.startMs, 0],
      ["heap MB", (r) => r.heapMb, 0],
      ["major GCs", (r) => r.majorGcs, 0],
      ["major GC ms", (r) => r.majorGcMs, 1],
      ["1 client p50 ms", (r) => r.p50One, 2],
      ["1 client CPU ms/req", (r) => r.cpuOne, 3],
      ["32 clients p99 ms", (r) => r.p99Many, 1],
      ["32 clients CPU ms/req", (r) => r.cpuMany, 3],
    ];
    const [off, on] = VARIANTS.map((variant) => rounds.get(variant.name) ?? []);
    console.table(
      columns.map(([name, of, digits]) => {
        const offMedian = median((off ?? []).map(of));
        const onMedian = median((on ?? []).map(of));
        return {
          measure: name,
          "source maps off, rounds": (off ?? []).map((r) => of(r).toFixed(digits)).join(" / "),
          "off, median": offMedian.toFixed(digits),
          "source maps on, rounds": (on ?? []).map((r) => of(r).toFixed(digits)).join(" / "),
          "on, median": onMedian.toFixed(digits),
          "off ÷ on": onMedian === 0 ? "—" : (offMedian / onMedian).toFixed(2),
        };
      }),
    );
  },
);
