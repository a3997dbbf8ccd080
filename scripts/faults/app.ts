// The app under test for npm run test:faults: started, killed and called as a real client would.
import { spawn, type ChildProcess } from "node:child_process";
import { openSync } from "node:fs";
import { signatureVerifier } from "../../lib/payments";

export const DATA_DIR = ".data/faults";
export const NEXTAUTH_SECRET = "faults-secret-not-for-production-use";

export const log = (line: string) => console.log(`faults: ${line}`);
export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Counts what went wrong and says each at once; the run fails at the end if anything did. */
export type Failures = { fail: (message: string) => void; count: () => number };

export function collectFailures(): Failures {
  let failures = 0;
  return {
    fail(message) {
      failures += 1;
      console.error(`faults: FAILED ${message}`);
    },
    count: () => failures,
  };
}

export function startApp(port: number, databaseUrl: string): ChildProcess {
  // The app's output goes to .data/faults/app.log (kept after a failed run).
  const out = openSync(`${DATA_DIR}/app.log`, "a");
  return spawn("npx", ["tsx", "server.ts", "--port", String(port)], {
    detached: true,
    stdio: ["ignore", out, out],
    env: {
      // Test-mode payments: no Stripe keys, whatever this shell has.
      ...Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith("STRIPE_"))),
      DATABASE_URL: databaseUrl,
      NODE_ENV: "production",
      RUN_SCHEDULER: "false",
      NEXTAUTH_SECRET,
      API_RATE_LIMIT_PER_SECOND: "1000000",
      API_RATE_LIMIT_BURST: "1000000",
    },
  });
}

export function killApp(app: ChildProcess | undefined, signal: NodeJS.Signals) {
  if (!app?.pid) return;
  try {
    process.kill(-app.pid, signal);
  } catch {
    // already gone
  }
}

export async function waitForApp(base: string, ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    try {
      if ((await fetch(`${base}/api/v1/openapi.json`)).ok) return;
    } catch {
      // not up yet
    }
    await sleep(200);
  }
  throw new Error("the app did not come back");
}

function parseBody(text: string): Record<string, unknown> {
  try {
    return text ? (JSON.parse(text) as Record<string, unknown>) : {};
  } catch {
    return { text };
  }
}

export type Answer = { status: number; body: Record<string, unknown> } | null;

/** Sends a request until it gets an answer that is not a network error or a 5xx (as a real client would). */
export async function send(
  base: string,
  path: string,
  init: { key?: string; body: unknown; headers?: Record<string, string>; raw?: string },
  deadline: number,
): Promise<Answer> {
  for (let attempt = 0; Date.now() < deadline; attempt += 1) {
    try {
      const response = await fetch(`${base}${path}`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          ...(init.key ? { authorization: `Bearer ${init.key}` } : {}),
          ...(init.headers ?? {}),
        },
        body: init.raw ?? JSON.stringify(init.body),
        signal: AbortSignal.timeout(10_000),
      });
      const text = await response.text();
      if (response.status < 500) return { status: response.status, body: parseBody(text) };
    } catch {
      // the app or the database is down: try again
    }
    await sleep(Math.min(1_000, 50 * 2 ** attempt));
  }
  return null;
}

/** Delivers a Stripe-shaped event to the webhook endpoint, signed as Stripe would sign it. */
export function sendWebhook(
  base: string,
  payload: string,
  secret: string,
  deadline: number,
): Promise<Answer> {
  const signature = signatureVerifier.webhooks.generateTestHeaderString({ payload, secret });
  return send(
    base,
    "/api/stripe/webhook",
    { body: null, raw: payload, headers: { "stripe-signature": signature } },
    deadline,
  );
}
