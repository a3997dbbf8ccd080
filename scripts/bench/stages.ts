// npm run bench:stages: what each stage of the app's request path costs in the real server, measured
// on the metering API's 401 (a request with no valid key), which needs no database: the path is built
// up one stage at a time (scripts/bench/stage-server.ts: plain node:http, Next.js loaded in the
// process, the lean path's bridge, the observed wrapper), and the last stage is server.ts itself (the
// route: the key checked and refused). Each runs in a process of its own, loaded by autocannon in
// alternating rounds (the order reversed every other round), and each prints the server's CPU µs a
// request (user + system of its process group) and the p99, with what it adds over the stage before.
//
// bench:request times the same pieces in-process, where they run warm, one after another; here they
// run between the kernel's network stack, the load generator and the other requests, as in production.
//
// Options: --clients N (default 32), --seconds N (each load, default 5), --rounds N (default 5),
// --port N (the first server's; the others take the ports after it, default 7880).
import { randomUUID } from "node:crypto";
import path from "node:path";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import { groupCpuMs, median, NO_RATE_LIMIT, percentile, runBench, startServer } from "./support";

const { values } = parseArgs({
  options: {
    clients: { type: "string", default: "32" },
    seconds: { type: "string", default: "5" },
    rounds: { type: "string", default: "5" },
    port: { type: "string", default: "7880" },
  },
});
const CLIENTS = Number(values.clients);
const SECONDS = Number(values.seconds);
const ROUNDS = Number(values.rounds);
const PORT = Number(values.port);

type Server = { name: string; port: number; pgid: number };

const STAGES: [stage: string, name: string][] = [
  ["plain", "plain node:http"],
  ["next", "+ Next.js in the process"],
  ["bridge", "+ the bridge (body, Request, JsonResponse, security headers)"],
  ["observed", "+ observed (request id, async context, metric, access line)"],
];
const ROUTE = "+ the route: server.ts (the key checked and refused)";

runBench(
  { name: "bench:stages", dataDir: ".data/bench-stages", keep: false, poolSize: 2, build: true },
  async ({ url, serve }) => {
    const env = {
      DATABASE_URL: url,
      DATABASE_POOL_SIZE: "2",
      RUN_SCHEDULER: "false",
      NEXT_TELEMETRY_DISABLED: "1",
      NEXTAUTH_SECRET: "bench-secret-not-for-production-use",
      ...NO_RATE_LIMIT,
    };
    const started = await Promise.all(
      STAGES.map(([stage], i) =>
        startServer(
          path.resolve("node_modules/.bin/tsx"),
          ["--conditions=react-server", "scripts/bench/stage-server.ts"],
          { ...env, STAGE: stage, PORT: String(PORT + i) },
        ),
      ),
    );
    const routePort = PORT + STAGES.length;
    const servers: Server[] = [
      ...STAGES.map(([, name], i) => ({ name, port: PORT + i, pgid: started[i]?.pgid ?? 0 })),
      { name: ROUTE, port: routePort, pgid: await serve(routePort, NO_RATE_LIMIT) },
    ];
    try {
      const body = JSON.stringify({
        idempotencyKey: randomUUID(),
        member: "someone@example.com",
        feature: "image",
        model: "imagine-standard",
        results: 1,
      });
      const load = async (server: Server, seconds: number) => {
        const instance = autocannon({
          url: `http://127.0.0.1:${server.port}/api/v1/usage`,
          connections: CLIENTS,
          duration: seconds,
          method: "POST",
          headers: { authorization: "Bearer not-a-key", "content-type": "application/json" },
          body,
        });
        let unexpected = 0;
        const latencies: number[] = [];
        instance.on("response", (_client, status, _bytes, ms) => {
          if (status === 401) latencies.push(ms);
          else unexpected += 1;
        });
        const result = await instance;
        if (unexpected > 0 || result.errors > 0)
          throw new Error(`${server.name}: ${unexpected} answers other than 401, ${result.errors} errors`);
        latencies.sort((a, b) => a - b);
        return { requests: result.requests.total, p99: percentile(latencies, 99) };
      };
      // Warm every JIT before anything is measured.
      for (const server of servers) await load(server, 2);
      const cpu = new Map<string, number[]>(servers.map((server) => [server.name, []]));
      const p99 = new Map<string, number[]>(servers.map((server) => [server.name, []]));
      for (let round = 0; round < ROUNDS; round += 1) {
        for (const server of round % 2 === 0 ? servers : [...servers].reverse()) {
          const before = groupCpuMs(server.pgid);
          const result = await load(server, SECONDS);
          cpu.get(server.name)?.push(((groupCpuMs(server.pgid) - before) * 1000) / result.requests);
          p99.get(server.name)?.push(result.p99);
        }
      }
      console.log(
        `bench:stages — the 401 path stage by stage, ${CLIENTS} clients, ${SECONDS} s a load, ` +
          `${ROUNDS} alternating rounds, autocannon, node ${process.version}, ${new Date().toISOString()}`,
      );
      let previous: number | null = null;
      console.table(
        servers.map((server) => {
          const list = cpu.get(server.name) ?? [];
          const us = median(list);
          const adds = previous === null ? "" : (us - previous).toFixed(0);
          previous = us;
          return {
            stage: server.name,
            "server CPU µs a request, rounds": list.map((value) => value.toFixed(0)).join(" / "),
            median: us.toFixed(0),
            "adds, µs": adds,
            "p99 ms, rounds": (p99.get(server.name) ?? []).map((ms) => ms.toFixed(1)).join(" / "),
          };
        }),
      );
    } finally {
      for (const server of started) server.stop();
    }
  },
);
