// What the benchmark scripts share: a production build, the app started on a given database, and
// percentiles.
import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import type { Database } from "../../db";
import { createWorkspace } from "../../db/queries/workspaces";
import { apiKeys } from "../../db/schema";
import { newApiKey } from "../../lib/api/v1/auth";
import { systemClock } from "../../lib/clock";
import { grant } from "../../lib/ledger";
import { verifyLedger } from "../../lib/ledger/verify";

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

export async function waitForHttp(url: string, ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    try {
      const response = await fetch(url);
      if (response.status < 500) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`app did not start at ${url}`);
}

/** Runs `next build` when there is no production build yet. */
export async function ensureBuild(name: string): Promise<void> {
  if (existsSync(".next/BUILD_ID")) return;
  console.log(`${name}: no production build found; running next build first`);
  await new Promise<void>((resolve, reject) => {
    const build = spawn("npx", ["next", "build"], { stdio: "inherit" });
    build.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`next build exited ${code}`))));
  });
}

/** `next start` on `databaseUrl` in its own process group (stop it with stopApp), scheduler off. */
export function startApp(port: number, databaseUrl: string, env: Record<string, string> = {}): ChildProcess {
  return spawn("npx", ["next", "start", "--port", String(port)], {
    detached: true,
    stdio: "ignore",
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      RUN_SCHEDULER: "false",
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      NEXTAUTH_SECRET: "bench-secret-not-for-production-use",
      ...env,
    },
  });
}

export function stopApp(app: ChildProcess | undefined): void {
  if (!app?.pid) return;
  try {
    process.kill(-app.pid, "SIGTERM");
  } catch {
    // already gone
  }
}

/**
 * An Enterprise workspace owned by `ownerUserId`, with `credits` top-up credits and an API key (with
 * its own rate limit when given).
 */
export async function fundedWorkspace(
  db: Database,
  input: {
    ownerUserId: string;
    label: string;
    credits: number;
    keyLimit?: { perSecond: number; burst: number };
  },
) {
  const { workspace, owner: membership } = await createWorkspace(db, {
    name: input.label,
    slug: `${input.label.toLowerCase().replace(/[^a-z0-9]+/g, "-")}-${randomUUID().slice(0, 6)}`,
    plan: "enterprise",
    subscriptionStatus: "active",
    ownerUserId: input.ownerUserId,
  });
  await grant(
    { db, clock: systemClock },
    {
      workspaceId: workspace.id,
      type: "top_up",
      code: "top_up",
      amount: input.credits,
      expiresAt: null,
      idempotencyKey: `bench-fund-${workspace.id}`,
    },
  );
  const key = newApiKey();
  await db.insert(apiKeys).values({
    workspaceId: workspace.id,
    name: "bench",
    prefix: key.prefix,
    secretHash: key.secretHash,
    createdAt: new Date(),
    rateLimitPerSecond: input.keyLimit?.perSecond ?? null,
    rateLimitBurst: input.keyLimit?.burst ?? null,
  });
  return { id: workspace.id, slug: workspace.slug, membershipId: membership.id, key: key.key };
}

/** Runs ledger:verify over everything the benchmark wrote; a violation fails the run. */
export async function verifyWhatWasWritten(db: Database): Promise<void> {
  const violations = await verifyLedger(db);
  console.log(
    violations.length === 0
      ? "ledger:verify: OK, every invariant holds"
      : `ledger:verify: ${violations.length} violation(s)`,
  );
  if (violations.length > 0) process.exitCode = 1;
}
