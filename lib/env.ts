// Environment, read and validated once. Nothing here throws at import time: `next build` imports
// server modules without a database, and postgres.js connects lazily.
import { z } from "zod";
import { isTimeZone } from "@/lib/validation/dates";

const limitCount = z.coerce.number().int().min(1).max(1_000_000_000);

const schema = z.object({
  NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
  /** Any PostgreSQL server. When unset, the launcher (scripts/with-db.ts) starts the embedded one. */
  DATABASE_URL: z.url().optional(),
  /**
   * A direct (session) connection to the same database, for the work a transaction pooler cannot
   * carry: LISTEN/NOTIFY, session advisory locks, pg-boss. When set, DATABASE_URL is taken to be a
   * pooler in transaction mode (PgBouncer) and the app's pool sends no prepared statements through
   * it. Unset, everything uses DATABASE_URL (docs/DEPLOY.md).
   */
  DATABASE_DIRECT_URL: z.url().optional(),
  /** Port of the embedded PostgreSQL server. */
  EMBEDDED_PG_PORT: z.coerce.number().int().min(1024).max(65535).default(54329),
  /** How long a hold lasts before the scheduler releases it, in seconds. */
  HOLD_TIMEOUT_SECONDS: z.coerce.number().int().min(10).max(86_400).default(900),
  /**
   * Test and demo aid, NEVER in production: the app's clock stands still at this instant
   * (ISO 8601, e.g. 2026-11-02T10:30:00Z), so reference screenshots show the same times every run.
   */
  CREDITPOOL_FROZEN_AT: z.iso.datetime({ offset: true }).optional(),
  /**
   * Test aid: the demo workspace's time zone (default Europe/Berlin). `npm run test:calendar` seeds the
   * demo in America/New_York for that zone's daylight-saving days.
   */
  CREDITPOOL_DEMO_TIME_ZONE: z
    .string()
    .max(64)
    .refine(isTimeZone, "an IANA time zone, e.g. Europe/Berlin")
    .default("Europe/Berlin"),
  /**
   * "true" behind a reverse proxy that sets X-Forwarded-Host: the cross-origin check (proxy.ts) then
   * compares Origin with it. Off, the header is ignored (anyone can send it).
   */
  CREDITPOOL_TRUST_PROXY: z.enum(["true", "false"]).default("false"),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(10),
  /** The metering API's default per-key limit (lib/api/v1/rate-limit.ts): requests a second, and the burst. */
  API_RATE_LIMIT_PER_SECOND: limitCount.optional(),
  API_RATE_LIMIT_BURST: limitCount.optional(),
  /** Overrides of the public doors' limits (lib/auth/request-limits.ts), attempts per window. */
  CREDITPOOL_LIMIT_SIGN_IN_ADDRESS: limitCount.optional(),
  CREDITPOOL_LIMIT_SIGN_UP_ADDRESS: limitCount.optional(),
  CREDITPOOL_LIMIT_SIGN_UP_EMAIL: limitCount.optional(),
  CREDITPOOL_LIMIT_INVITATION_EMAIL: limitCount.optional(),
  CREDITPOOL_LIMIT_INVITATION_ADDRESS: limitCount.optional(),
  /** Signs session cookies. The launcher makes one for local runs; set your own in production. */
  NEXTAUTH_SECRET: z.string().min(16).optional(),
  /** The app's public URL (sign-in callbacks, links in emails). */
  NEXTAUTH_URL: z.url().optional(),
  GITHUB_ID: z.string().min(1).optional(),
  GITHUB_SECRET: z.string().min(1).optional(),
  GOOGLE_CLIENT_ID: z.string().min(1).optional(),
  GOOGLE_CLIENT_SECRET: z.string().min(1).optional(),
  /** SMTP connection URL (smtp://user:pass@host:587): magic links and invitation emails. */
  EMAIL_SERVER: z.string().min(1).optional(),
  EMAIL_FROM: z.string().min(3).optional(),
  /** Stripe. Without a secret key, payments run in test mode through the local stand-in. */
  STRIPE_SECRET_KEY: z.string().startsWith("sk_").optional(),
  STRIPE_PUBLISHABLE_KEY: z.string().startsWith("pk_").optional(),
  STRIPE_WEBHOOK_SECRET: z.string().startsWith("whsec_").optional(),
  /** Bearer token a Prometheus scraper sends to /api/metrics; unset, the route answers 404. */
  METRICS_TOKEN: z.string().min(16).max(256).optional(),
  /** The JSON log's level (lib/log/logger.ts); `silent` turns logging off. */
  LOG_LEVEL: z.enum(["trace", "debug", "info", "warn", "error", "fatal", "silent"]).default("info"),
});

export type Env = z.infer<typeof schema>;

/**
 * Validates an environment. A variable set to the empty string counts as unset (`DATABASE_URL=` in an
 * .env file, or a launcher clearing it for its child), as dotenv and most tools treat it.
 */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const set = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== ""));
  const parsed = schema.safeParse(set);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`);
    throw new Error(`Invalid environment:\n${problems.join("\n")}`);
  }
  return parsed.data;
}

export const env: Env = parseEnv(process.env);

/**
 * The override of a public door's limit ("sign-up:address" reads CREDITPOOL_LIMIT_SIGN_UP_ADDRESS),
 * or undefined when unset or not a whole number of at least 1. Read at each check rather than once
 * with `env`, so a test can lower a limit in its own process (comparing 20 passwords, not 300).
 */
export function requestLimitOverride(limitName: string): number | undefined {
  const raw = process.env[`CREDITPOOL_LIMIT_${limitName.replace(/[^a-z]+/gi, "_").toUpperCase()}`];
  const value = raw === undefined ? Number.NaN : Number(raw);
  return Number.isSafeInteger(value) && value >= 1 ? value : undefined;
}

/**
 * The port this process's server listens on (3000 when unset), for links made without a request to
 * read the host from. Read when asked, not with `env`: `next start` sets PORT only once it listens.
 */
export function serverPort(): string {
  return process.env.PORT ?? "3000";
}

/** The database URL, or a clear error when nothing started a database for this process. */
export function requireDatabaseUrl(): string {
  const url = process.env.DATABASE_URL ?? env.DATABASE_URL;
  if (!url) {
    throw new Error(
      "DATABASE_URL is not set. Start the app through `npm run demo` / `npm run dev` (they start the embedded PostgreSQL), or set DATABASE_URL.",
    );
  }
  return url;
}

/**
 * Where session work connects (LISTEN/NOTIFY, session advisory locks, pg-boss): DATABASE_DIRECT_URL,
 * or DATABASE_URL when there is no pooler in between.
 */
export function directDatabaseUrl(): string {
  const url = process.env.DATABASE_DIRECT_URL ?? env.DATABASE_DIRECT_URL;
  return url && url !== "" ? url : requireDatabaseUrl();
}

/** True when DATABASE_URL goes through a transaction pooler (a separate direct URL is set). */
export function databaseIsPooled(): boolean {
  return Boolean(process.env.DATABASE_DIRECT_URL ?? env.DATABASE_DIRECT_URL);
}
