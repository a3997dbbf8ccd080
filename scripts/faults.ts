// npm run test:faults: the ledger keeps its promises while things break. A load of spends, holds
// (settled or released) and test-mode purchases runs against the app (`next start`) on a real,
// throwaway PostgreSQL while this script, in turn:
//
//   1. kills the app with SIGKILL (and starts it again),
//   2. terminates every database connection the app holds,
//   3. restarts PostgreSQL itself.
//
// Clients behave like real ones: on a network error or a 5xx they retry the same request with the
// same idempotency key. Afterwards every acknowledged charge, hold and purchase is in the ledger
// exactly once, nothing is half-written (ledger:verify), repeats of acknowledged requests replay
// instead of charging again, and the app serves again with no manual step.
//
// Some purchases lose their webhook on purpose (the stand-in's "Stripe" took the money, the event
// never came): reconciliation must then grant each of them exactly once, and find nothing more on
// a second run.
//
// Options: --seconds N (load duration, default 24), --clients N (default 12), --port N (default: a free one).
import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { existsSync, openSync, readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { and, eq, sql } from "drizzle-orm";
import postgres from "postgres";
import { createDatabase } from "../db";
import { findFreePort, startEmbeddedDatabase, type EmbeddedDatabase } from "../db/embedded";
import { runMigrations } from "../db/migrate";
import { apiKeys, creditPurchases, ledgerEntries, rateCard } from "../db/schema";
import { createWorkspace } from "../db/queries/workspaces";
import { addMember } from "../db/queries/members";
import { createUser } from "../db/queries/users";
import { newApiKey } from "../lib/api/v1/auth";
import { DEFAULT_RATES } from "../lib/billing/default-rates";
import { systemClock } from "../lib/clock";
import { grant } from "../lib/ledger";
import { signatureVerifier, testModeWebhookSecret } from "../lib/payments";
import { reconcilePayments } from "../lib/payments/reconcile";
import { recordTestModePayment } from "../lib/payments/test-mode";
import { testModeProvider } from "../lib/payments/test-mode-provider";
import { verifyLedger } from "../lib/ledger/verify";

const { values } = parseArgs({
  options: {
    seconds: { type: "string", default: "24" },
    clients: { type: "string", default: "12" },
    port: { type: "string" },
  },
});
const SECONDS = Number(values.seconds);
const CLIENTS = Number(values.clients);
// A free port unless one is given, so two checkouts can run the suite side by side.
const APP_PORT = values.port ? Number(values.port) : await findFreePort();
const DATA_DIR = ".data/faults";
const BASE = `http://127.0.0.1:${APP_PORT}`;
const NEXTAUTH_SECRET = "faults-secret-not-for-production-use";

const log = (line: string) => console.log(`faults: ${line}`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

type Acknowledged = {
  kind: "usage" | "hold" | "purchase";
  key: string;
  credits: number;
  path: string;
  body: unknown;
};

function startApp(databaseUrl: string): ChildProcess {
  // The app's output goes to .data/faults/app.log (kept after a failed run).
  const out = openSync(`${DATA_DIR}/app.log`, "a");
  return spawn("npx", ["next", "start", "--port", String(APP_PORT)], {
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

function killApp(app: ChildProcess | undefined, signal: NodeJS.Signals) {
  if (!app?.pid) return;
  try {
    process.kill(-app.pid, signal);
  } catch {
    // already gone
  }
}

async function waitForApp(ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    try {
      if ((await fetch(`${BASE}/api/v1/openapi.json`)).ok) return;
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

/** Sends a request until it gets an answer that is not a network error or a 5xx (as a real client would). */
async function send(
  path: string,
  init: { key?: string; body: unknown; headers?: Record<string, string>; raw?: string },
  deadline: number,
): Promise<{ status: number; body: Record<string, unknown> } | null> {
  for (let attempt = 0; Date.now() < deadline; attempt += 1) {
    try {
      const response = await fetch(`${BASE}${path}`, {
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

async function main() {
  if (!existsSync(".next/BUILD_ID")) {
    log("no production build found; running next build first");
    await new Promise<void>((resolve, reject) => {
      const build = spawn("npx", ["next", "build"], { stdio: "inherit" });
      build.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`next build exited ${code}`))));
    });
  }
  const port = await findFreePort();
  let pg: EmbeddedDatabase = await startEmbeddedDatabase({
    dataDir: DATA_DIR,
    port,
    database: "faults",
    reset: true,
    log: () => {},
  });
  const url = pg.url;
  await runMigrations(url);
  const db = createDatabase(url, { max: 4 });
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  let app: ChildProcess | undefined;
  let failures = 0;
  const fail = (message: string) => {
    failures += 1;
    console.error(`faults: FAILED ${message}`);
  };
  try {
    await db.insert(rateCard).values(DEFAULT_RATES).onConflictDoNothing();
    const owner = await createUser(db, { email: `faults-${randomUUID()}@faults.test`, name: "Faults" });
    const { workspace } = await createWorkspace(db, {
      name: "Faults",
      slug: `faults-${randomUUID().slice(0, 8)}`,
      plan: "enterprise",
      subscriptionStatus: "active",
      ownerUserId: owner.id,
    });
    const memberUser = await createUser(db, { email: `member-${randomUUID()}@faults.test`, name: "Member" });
    const member = await addMember(db, { workspaceId: workspace.id, userId: memberUser.id, role: "member" });
    await grant(
      { db, clock: systemClock },
      {
        workspaceId: workspace.id,
        type: "top_up",
        code: "top_up",
        amount: 1_000_000_000,
        expiresAt: null,
        idempotencyKey: `faults-fund-${workspace.id}`,
      },
    );
    const apiKey = newApiKey();
    await db.insert(apiKeys).values({
      workspaceId: workspace.id,
      name: "faults",
      prefix: apiKey.prefix,
      secretHash: apiKey.secretHash,
      createdAt: new Date(),
    });
    // The app signs and checks test-mode events with the secret derived from its session secret.
    const secret = testModeWebhookSecret(NEXTAUTH_SECRET);
    const signer = signatureVerifier;

    app = startApp(url);
    await waitForApp(60_000);
    log(`app up on ${BASE}, PostgreSQL on port ${port}; ${CLIENTS} clients for ${SECONDS} s`);

    const acknowledged: Acknowledged[] = [];
    /** Purchases paid at the provider whose webhook is never sent: reconciliation's to find. */
    const lostWebhooks: string[] = [];
    const stopAt = Date.now() + SECONDS * 1_000;
    const deadline = stopAt + 60_000;
    const generation = () => ({ member: member.id, feature: "image", model: "imagine-standard", results: 1 });

    async function client(index: number) {
      for (let i = 0; Date.now() < stopAt; i += 1) {
        const pick = (index + i) % 10;
        if (pick < 6) {
          const body = { idempotencyKey: randomUUID(), ...generation() };
          const answer = await send("/api/v1/usage", { key: apiKey.key, body }, deadline);
          if (answer && answer.status < 300)
            acknowledged.push({
              kind: "usage",
              key: body.idempotencyKey,
              credits: Number(answer.body.credits),
              path: "/api/v1/usage",
              body,
            });
          else fail(`usage ${body.idempotencyKey}: ${JSON.stringify(answer)}`);
        } else if (pick < 9) {
          const body = { idempotencyKey: randomUUID(), ...generation(), results: 2 };
          const held = await send("/api/v1/holds", { key: apiKey.key, body }, deadline);
          if (!held || held.status >= 300) {
            fail(`hold ${body.idempotencyKey}: ${JSON.stringify(held)}`);
            continue;
          }
          acknowledged.push({
            kind: "hold",
            key: body.idempotencyKey,
            credits: Number(held.body.credits),
            path: "/api/v1/holds",
            body,
          });
          const action = pick === 8 ? "release" : "settle";
          const closed = await send(
            `/api/v1/holds/${String(held.body.id)}/${action}`,
            { key: apiKey.key, body: action === "settle" ? { results: 1 } : {} },
            deadline,
          );
          if (!closed || closed.status >= 300)
            fail(`${action} ${String(held.body.id)}: ${JSON.stringify(closed)}`);
        } else {
          // A test-mode purchase: our record first, then Stripe's signed event to the real webhook endpoint.
          const sessionId = `cs_test_faults_${randomUUID().replaceAll("-", "")}`;
          const now = new Date();
          const [purchase] = await db
            .insert(creditPurchases)
            .values({
              workspaceId: workspace.id,
              provider: "test",
              credits: 500,
              amountCents: 500,
              checkoutSessionId: sessionId,
              createdAt: now,
              updatedAt: now,
            })
            .returning()
            .catch(() => [undefined]);
          if (!purchase) continue; // the database was down when the buyer clicked: no purchase started
          const paymentIntentId = `pi_test_faults_${purchase.id.replaceAll("-", "")}`;
          const recorded = await recordTestModePayment(
            { db, clock: systemClock },
            {
              object: "checkout_session",
              id: sessionId,
              paymentIntentId,
              purchaseId: purchase.id,
              workspaceId: workspace.id,
              amountCents: 500,
              currency: "usd",
              outcome: "succeeds",
            },
          ).then(
            () => true,
            () => false,
          );
          if (!recorded) continue; // the database was down: the buyer was never charged
          if (Math.random() < 0.25) {
            lostWebhooks.push(`stripe:${sessionId}`);
            continue;
          }
          const payload = JSON.stringify({
            id: `evt_${randomUUID().replaceAll("-", "")}`,
            object: "event",
            api_version: "2025-01-01",
            created: Math.floor(now.getTime() / 1000),
            livemode: false,
            pending_webhooks: 1,
            request: { id: null, idempotency_key: null },
            type: "checkout.session.completed",
            data: {
              object: {
                id: sessionId,
                object: "checkout.session",
                status: "complete",
                payment_status: "paid",
                amount_total: 500,
                currency: "usd",
                payment_intent: paymentIntentId,
                metadata: { purchaseId: purchase.id, workspaceId: workspace.id },
              },
            },
          });
          const signature = signer.webhooks.generateTestHeaderString({ payload, secret });
          const delivered = await send(
            "/api/stripe/webhook",
            { body: null, raw: payload, headers: { "stripe-signature": signature } },
            deadline,
          );
          if (delivered && delivered.status < 300)
            acknowledged.push({
              kind: "purchase",
              key: `stripe:${sessionId}`,
              credits: 500,
              path: "/api/stripe/webhook",
              body: payload,
            });
          else fail(`purchase ${sessionId}: ${JSON.stringify(delivered)}`);
        }
      }
    }

    const load = Promise.all(Array.from({ length: CLIENTS }, (_, i) => client(i)));
    const third = (SECONDS * 1_000) / 4;

    await sleep(third);
    log("SIGKILL the app");
    killApp(app, "SIGKILL");
    await sleep(500);
    app = startApp(url);
    await waitForApp(60_000);
    log("app restarted");

    await sleep(third);
    const terminated =
      await admin`select count(*)::int as n from (select pg_terminate_backend(pid) from pg_stat_activity where application_name = 'creditpool' and pid <> pg_backend_pid()) t`;
    log(`terminated ${terminated[0]?.n ?? 0} app connections`);

    await sleep(third);
    log("restart PostgreSQL");
    await admin.end({ timeout: 1 }).catch(() => {});
    await pg.stop();
    await sleep(300);
    pg = await startEmbeddedDatabase({ dataDir: DATA_DIR, port, database: "faults", log: () => {} });
    log("PostgreSQL back");

    await load;
    log(`load done: ${acknowledged.length} acknowledged operations`);

    // Every acknowledged operation is in the ledger exactly once, with what the client was told.
    const check = createDatabase(url, { max: 2 });
    try {
      // The payments whose webhook never came: reconciliation grants each once, then has nothing to do.
      const reconciled = await reconcilePayments(
        { db: check, clock: systemClock, provider: testModeProvider },
        { workspaceId: workspace.id, settleAfterMs: 0 },
      );
      const granted = reconciled.repairs.filter((r) => r.action === "granted").length;
      if (granted !== lostWebhooks.length || reconciled.mismatches.length > 0)
        fail(
          `reconciliation granted ${granted} of ${lostWebhooks.length} lost webhooks (${JSON.stringify(reconciled.mismatches)})`,
        );
      const again = await reconcilePayments(
        { db: check, clock: systemClock, provider: testModeProvider },
        { workspaceId: workspace.id, settleAfterMs: 0 },
      );
      if (again.repairs.length > 0) fail(`a second reconciliation repaired ${again.repairs.length} more`);
      log(
        `reconciliation granted the ${lostWebhooks.length} purchases whose webhook was lost, and a second run found nothing`,
      );

      const entries = await check
        .select({ key: ledgerEntries.idempotencyKey, amount: ledgerEntries.amount, code: ledgerEntries.code })
        .from(ledgerEntries)
        .where(eq(ledgerEntries.workspaceId, workspace.id));
      const byKey = new Map<string, { amount: number; code: string }[]>();
      for (const e of entries) byKey.set(e.key, [...(byKey.get(e.key) ?? []), e]);
      for (const key of lostWebhooks) {
        const found = byKey.get(key) ?? [];
        if (found.length !== 1 || found[0]?.amount !== 500)
          fail(`reconciled purchase ${key}: ${JSON.stringify(found)}`);
      }
      for (const a of acknowledged) {
        const found = byKey.get(a.key) ?? [];
        const [entry] = found;
        if (found.length !== 1 || !entry) fail(`${a.kind} ${a.key}: ${found.length} ledger entries`);
        else if (Math.abs(entry.amount) !== a.credits)
          fail(`${a.kind} ${a.key}: told ${a.credits}, ledger has ${entry.amount}`);
      }
      const paidPurchases = await check
        .select({ n: sql<number>`count(*)::int` })
        .from(creditPurchases)
        .where(and(eq(creditPurchases.workspaceId, workspace.id), eq(creditPurchases.status, "paid")));
      const purchasesAcked = acknowledged.filter((a) => a.kind === "purchase").length;
      if ((paidPurchases[0]?.n ?? 0) < purchasesAcked)
        fail(`${purchasesAcked} purchases acknowledged, ${paidPurchases[0]?.n} paid`);

      // Repeating acknowledged requests replays them: nothing is charged or granted twice.
      const before = entries.length;
      for (const a of acknowledged.slice(0, 200)) {
        const replay =
          a.kind === "purchase"
            ? await send(
                a.path,
                {
                  body: null,
                  raw: a.body as string,
                  headers: {
                    "stripe-signature": signer.webhooks.generateTestHeaderString({
                      payload: a.body as string,
                      secret,
                    }),
                  },
                },
                Date.now() + 10_000,
              )
            : await send(a.path, { key: apiKey.key, body: a.body }, Date.now() + 10_000);
        if (!replay || replay.status >= 300) fail(`replay of ${a.kind} ${a.key}: ${JSON.stringify(replay)}`);
      }
      const after =
        (
          await check
            .select({ n: sql<number>`count(*)::int` })
            .from(ledgerEntries)
            .where(eq(ledgerEntries.workspaceId, workspace.id))
        )[0]?.n ?? 0;
      if (after !== before) fail(`replays wrote ${after - before} ledger entries`);

      const violations = await verifyLedger(check);
      for (const v of violations) fail(`ledger:verify ${v.check}: ${v.detail}`);
      const counts = acknowledged.reduce<Record<string, number>>(
        (all, a) => ({ ...all, [a.kind]: (all[a.kind] ?? 0) + 1 }),
        {},
      );
      log(
        `checked ${JSON.stringify(counts)} against the ledger; ledger:verify ${violations.length === 0 ? "holds" : "FAILED"}`,
      );

      // The app serves again without any manual step.
      const balance = await fetch(`${BASE}/api/v1/balance`, {
        headers: { authorization: `Bearer ${apiKey.key}` },
      });
      if (balance.status !== 200) fail(`the app answers ${balance.status} after the faults`);
      else log("the app serves again");

      // Through all of that (errors included), no secret reached the app's log.
      const appLog = readFileSync(`${DATA_DIR}/app.log`, "utf8");
      const secrets = {
        "API key": apiKey.key,
        "API key hash": apiKey.secretHash,
        NEXTAUTH_SECRET,
        "webhook secret": secret,
      };
      for (const [name, value] of Object.entries(secrets)) {
        if (appLog.includes(value)) fail(`the app's log contains the ${name}`);
      }
      log(`no secret in the app's log (${appLog.length.toLocaleString("en-US")} characters checked)`);
    } finally {
      await check.$client.end();
    }
  } finally {
    killApp(app, "SIGTERM");
    await db.$client.end({ timeout: 1 }).catch(() => {});
    await admin.end({ timeout: 1 }).catch(() => {});
    await pg.stop();
  }
  if (failures > 0) {
    console.error(`faults: ${failures} failure(s)`);
    process.exit(1);
  }
  log("OK: every acknowledged operation is in the ledger exactly once and every invariant holds");
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
