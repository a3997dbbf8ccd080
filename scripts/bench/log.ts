// npm run bench:log: what one access-log line costs (lib/api/observe.ts writes one a request): as the
// app writes it now (logRequest: the line made by hand, the same text pino would write), through the
// app's logger's `info` (createLogger: secret keys redacted by the scrub that walks every field), and
// through the redaction that replaced, in the same run: pino's `redact` with the wildcard paths
// lib/log/logger.ts had (each of the logger's secret keys as `key`, `*.key`, `*.*.key`, `headers.key`,
// `*.headers.key`). Lines go to a sink that drops them, so this is the logger's own CPU.
//
// Options: --lines N (a round, default 50,000), --rounds N (default 5).
import { parseArgs } from "node:util";
import pino from "pino";
import { createLogger, logRequest, REDACT_KEYS, setLogger } from "../../lib/log/logger";
import { median } from "./support";

const { values } = parseArgs({
  options: { lines: { type: "string", default: "50000" }, rounds: { type: "string", default: "5" } },
});
const LINES = Number(values.lines);
const ROUNDS = Number(values.rounds);

const WILDCARD_PATHS = REDACT_KEYS.flatMap((key) => {
  const safe = /^[A-Za-z_$][\w$]*$/.test(key) ? key : `["${key}"]`;
  const dotted = safe.startsWith("[") ? safe : `.${safe}`;
  return [safe, `*${dotted}`, `*.*${dotted}`, `headers${dotted}`, `*.headers${dotted}`];
});

const sink = { write: (_line: string) => {} };
const fields = { route: "/api/v1/usage", method: "POST", status: 201, ms: 2.3 };
const redacting = pino({ level: "info", redact: { paths: WILDCARD_PATHS, censor: "[redacted]" } }, sink);
const app = createLogger(sink, "info");
// logRequest writes through the process's logger: this one, with the same sink.
setLogger(app);
const cases: [string, () => void][] = [
  ["pino redact, wildcard paths (before)", () => redacting.info({ ...fields }, "request")],
  ["createLogger's info: the scrub redacts keys", () => app.info({ ...fields }, "request")],
  ["logRequest: the access line made by hand (now)", () => logRequest(fields)],
];

function microsecondsALine(write: () => void): number {
  const start = performance.now();
  for (let i = 0; i < LINES; i += 1) write();
  return ((performance.now() - start) * 1000) / LINES;
}

const results = new Map<string, number[]>(cases.map(([name]) => [name, []]));
for (let round = 0; round < ROUNDS; round += 1)
  for (const [name, write] of round % 2 === 0 ? cases : [...cases].reverse())
    results.get(name)?.push(microsecondsALine(write));
const before = median(results.get(cases[0]?.[0] ?? "") ?? []);
console.log(`bench:log — ${LINES} access-log lines a round, ${ROUNDS} rounds, node ${process.version}`);
console.table(
  [...results].map(([name, list]) => ({
    line: name,
    "µs a line, rounds": list.map((us) => us.toFixed(2)).join(" / "),
    median: median(list).toFixed(2),
    "× before": (median(list) / before).toFixed(2),
  })),
);
