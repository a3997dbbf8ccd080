// Structured logs: one JSON object a line on stdout (pino), for a log shipper to read. A request's
// id rides in an AsyncLocalStorage, so every line written while that request is being handled
// carries it as `reqId`, whichever module writes it. Secrets never reach a line: the values of known
// secret keys are replaced (fields and child bindings, six levels deep), and every string (the message
// included) is scrubbed of the shapes a secret has here: a URL's password, a bearer token, an API key,
// a webhook signing secret.
import "server-only";
import { AsyncLocalStorage } from "node:async_hooks";
import pino, { type DestinationStream, type Logger } from "pino";
import { env } from "@/lib/env";
import { REQUEST_ID_HEADER, requestIdFrom } from "@/lib/log/request-id";
import { turnBufferedStream } from "@/lib/log/turn-buffer";

type LogContext = { reqId: string };

// One store per process, on globalThis: Next.js bundles instrumentation.ts (the workers) and the
// route handlers apart, each with its own copy of this module, and the logger one of them creates
// must read the store the other's requests fill.
const globalForLog = globalThis as unknown as {
  creditpoolLogContext?: AsyncLocalStorage<LogContext>;
  creditpoolLogger?: Logger;
};
const context = (globalForLog.creditpoolLogContext ??= new AsyncLocalStorage<LogContext>());

/** Object keys whose values are never logged, at any depth the scrub below reaches (six levels). */
export const REDACT_KEYS = [
  "password",
  "pass",
  "secret",
  "token",
  "apiKey",
  "authorization",
  "cookie",
  "set-cookie",
  "secretHash",
  "keyHash",
  "signingSecret",
  "webhookSecret",
  "DATABASE_URL",
  "DATABASE_DIRECT_URL",
  "EMAIL_SERVER",
  "NEXTAUTH_SECRET",
  "STRIPE_SECRET_KEY",
  "STRIPE_WEBHOOK_SECRET",
  "METRICS_TOKEN",
];
const REDACTED_KEYS = new Set(REDACT_KEYS);

const SCRUBBERS: [RegExp, string][] = [
  // scheme://user:password@host (database and SMTP URLs)
  [/([a-z][a-z0-9+.-]*:\/\/[^:/@\s]*):[^@\s]*@/gi, "$1:[redacted]@"],
  [/\b(bearer|basic)\s+[A-Za-z0-9._~+/=-]+/gi, "$1 [redacted]"],
  // API keys (cpk_<prefix>_<secret>): the prefix identifies the key, the rest is the secret.
  [/\b(cpk_[0-9a-f]{8})_[A-Za-z0-9_-]+/g, "$1_[redacted]"],
  [/\b(whsec|sk_live|sk_test|rk_live|rk_test)_[A-Za-z0-9]+/g, "$1_[redacted]"],
];

/**
 * What every string a scrubber changes contains (case aside): "://", "bearer", "basic", "cpk_",
 * "whsec_", "sk_live_", "sk_test_", "rk_live_", "rk_test_". A string without any of them (a route, a
 * method, a message) is left as it is after one test instead of four replacements.
 */
const MAY_HOLD_SECRET = /:\/\/|bearer|basic|cpk_|whsec_|[rs]k_(?:live|test)_/i;

/** A string with every secret-shaped part replaced. */
export function scrubSecrets(text: string): string {
  if (!MAY_HOLD_SECRET.test(text)) return text;
  let out = text;
  for (const [pattern, replacement] of SCRUBBERS) out = out.replace(pattern, replacement);
  return out;
}

function scrubValue(value: unknown, depth = 0): unknown {
  if (typeof value === "string") return scrubSecrets(value);
  if (depth > 6 || value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map((item) => scrubValue(item, depth + 1));
  if (value instanceof Error) return { type: value.name, message: scrubSecrets(value.message) };
  // A plain loop (a line's fields are scrubbed on every request); defineProperty, so a key named
  // "__proto__" stays a field and never sets the copy's prototype.
  const copy: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    const scrubbed = REDACTED_KEYS.has(k) ? "[redacted]" : scrubValue(v, depth + 1);
    if (k === "__proto__")
      Object.defineProperty(copy, k, {
        value: scrubbed,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    else copy[k] = scrubbed;
  }
  return copy;
}

/** The fields of the access log's line, one a request (lib/api/observe.ts). */
export type RequestLine = { route: string; method: string; status: number; ms: number };

/** For each logger createLogger made: its access-log line, written straight to its destination. */
const requestLineWriters = new WeakMap<Logger, (line: RequestLine) => void>();

const jsonText = (text: string) => JSON.stringify(scrubSecrets(text));
const jsonNumber = (value: number) => (Number.isFinite(value) ? String(value) : "null");

/**
 * The text pino writes for `info({ route, method, status, ms }, "request")` with this module's
 * options: the same fields in the same order (level, time, pid, the request's id, the line's fields,
 * msg), each string scrubbed as the log formatter would. Made by hand because it is written once a
 * request, and pino's general path (hooks, mixin, formatters, its serializer) was about 20 µs of the
 * server's CPU a request under load; this takes half of pino's CPU (`npm run bench:log`,
 * docs/PERFORMANCE.md). tests/unit/logger.test.ts holds it to pino's own line.
 */
function requestLineText(line: RequestLine, store: LogContext | undefined): string {
  return (
    `{"level":"info","time":"${new Date().toISOString()}","pid":${process.pid}` +
    (store ? `,"reqId":${jsonText(store.reqId)}` : "") +
    `,"route":${jsonText(line.route)},"method":${jsonText(line.method)}` +
    `,"status":${jsonNumber(line.status)},"ms":${jsonNumber(line.ms)},"msg":"request"}\n`
  );
}

/**
 * A logger writing to `destination` (stdout by default; tests pass their own). Level from
 * LOG_LEVEL (info by default; `silent` turns logging off).
 */
export function createLogger(destination?: DestinationStream, level?: string): Logger {
  // Through process.stdout (synchronous for files and pipes), so the launcher and tests see it; the
  // lines of one turn of the event loop in one write (lib/log/turn-buffer.ts).
  const out = destination ?? turnBufferedStream((text) => void process.stdout.write(text));
  const logger = pino(
    {
      level: level ?? env.LOG_LEVEL,
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: {
        level: (label) => ({ level: label }),
        // Secret keys are redacted here, at every depth the scrub walks (not with pino's `redact`: its
        // wildcard paths cost 9% of the server's CPU on a metering request at 32 clients, in a profile).
        log: (object) => scrubValue(object) as Record<string, unknown>,
      },
      mixin: () => context.getStore() ?? {},
      hooks: {
        // The message (and any printf arguments) is scrubbed like the fields.
        logMethod(args, method) {
          const scrubbed = args.map((arg) => (typeof arg === "string" ? scrubSecrets(arg) : arg));
          method.apply(this, scrubbed as Parameters<typeof method>);
        },
      },
    },
    out,
  );
  requestLineWriters.set(logger, (line) => void out.write(requestLineText(line, context.getStore())));
  // A child's bindings are written on each of its lines without passing the log formatter: they are
  // scrubbed once, here. Children inherit this method, and `this` is the logger it is called on.
  const child = logger.child;
  logger.child = function (this: Logger, bindings, options) {
    return child.call(this, scrubValue(bindings) as typeof bindings, options);
  } as Logger["child"];
  return logger;
}

/** The process's logger (one per process, shared by every bundle Next.js makes). */
export function getLogger(): Logger {
  globalForLog.creditpoolLogger ??= createLogger();
  return globalForLog.creditpoolLogger;
}

/**
 * Makes `logger` the process's logger (tests and benchmarks write to a capture or a sink this way;
 * undefined goes back to the default on the next getLogger). Returns the one it replaced.
 */
export function setLogger(logger: Logger | undefined): Logger | undefined {
  const replaced = globalForLog.creditpoolLogger;
  globalForLog.creditpoolLogger = logger;
  return replaced;
}

/** Writes the access log's line for one request, at level info (lib/api/observe.ts). */
export function logRequest(line: RequestLine): void {
  const logger = getLogger();
  if (!logger.isLevelEnabled("info")) return;
  const write = requestLineWriters.get(logger);
  if (write) write(line);
  else logger.info({ ...line }, "request");
}

/** The caller's (or the proxy's) X-Request-Id when it is a sane token, else a new one. */
export function requestIdOf(request: Request): string {
  return requestIdFrom(request.headers.get(REQUEST_ID_HEADER));
}

/** Runs `fn` with `reqId` on every log line written inside it (awaits included). */
export function withRequestId<T>(reqId: string, fn: () => T): T {
  return context.run({ reqId }, fn);
}
