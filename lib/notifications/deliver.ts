// Sends what the outbox holds (notification_deliveries): emails to owners and admins, and signed
// webhooks to the workspace's endpoint.
//
// Each delivery is claimed with SELECT ... FOR UPDATE SKIP LOCKED inside its own transaction, sent,
// and marked (sent, retry later, or failed) with its attempt logged, all before that transaction
// commits. So:
// - nothing is lost: if the process dies at any point, the transaction aborts, the lock goes with
//   the connection, and the row is still pending for the next run (here or on any other instance);
// - nothing is sent twice by two workers: a claimed row is skipped by everyone else, and once its
//   transaction commits it is no longer pending;
// - the one window left is a crash (or lost connection) after the SMTP server or the webhook receiver
//   accepted the message but before the COMMIT that marks it sent. It is as short as one UPDATE and a
//   COMMIT, and a resend then carries the same Message-ID / event id (Creditpool-Event-Id and the
//   body's `id`), so mail systems and receivers can drop the duplicate. Emails in the local outbox
//   (no SMTP) are written in the same transaction that marks them sent: exactly once.
import "server-only";
import type { Executor } from "@/db";
import {
  claimNextDelivery,
  recordDeliveryAttempt,
  recordLocalEmail,
  updateDelivery,
  type ClaimedDelivery,
} from "@/db/queries/deliveries";
import type { Deps } from "@/lib/deps";
import { env, serverPort } from "@/lib/env";
import { isMailConfigured, sendMail, type Mail } from "@/lib/mail";
import { getLogger } from "@/lib/log/logger";
import { MAX_ATTEMPTS, retryDelayMs } from "./backoff";
import { renderCreditEventEmail } from "./messages";
import { EVENT_ID_HEADER, SIGNATURE_HEADER, signatureHeader } from "./webhook-signature";

/** Sends one email through SMTP; `null` keeps emails in the local outbox instead (test mode). */
export type Mailer = ((mail: Mail) => Promise<void>) | null;

export type DeliveryDeps = Deps & {
  /** Defaults to SMTP when EMAIL_SERVER and EMAIL_FROM are set, else the local outbox. */
  mailer?: Mailer;
  fetch?: typeof fetch;
  /** The app's public origin for links in emails. */
  appUrl?: string;
  webhookTimeoutMs?: number;
  random?: () => number;
};

export type DeliveryReport = { sent: number; retrying: number; failed: number; cancelled: number };

type Outcome =
  | { kind: "sent"; statusCode: number | null }
  | { kind: "error"; statusCode: number | null; error: string }
  | { kind: "cancelled"; error: string };

const DEFAULT_WEBHOOK_TIMEOUT_MS = 10_000;
const USER_AGENT = "Creditpool-Webhooks/1.0";

/**
 * Links in emails need the app's public origin, and the worker has no request to read it from: set
 * NEXTAUTH_URL in production. Locally, this machine on the port the server was started with.
 */
function appOrigin(): string {
  return env.NEXTAUTH_URL ?? `http://localhost:${serverPort()}`;
}

function defaultMailer(): Mailer {
  if (!isMailConfigured()) return null;
  return async (mail) => {
    await sendMail(mail);
  };
}

function describeError(error: unknown): string {
  if (error instanceof Error) {
    const cause = error.cause instanceof Error ? `: ${error.cause.message}` : "";
    if (error.name === "TimeoutError") return "Timed out waiting for a response";
    return `${error.message}${cause}`.slice(0, 500);
  }
  return String(error).slice(0, 500);
}

async function sendEmail(
  tx: Executor,
  row: ClaimedDelivery,
  deps: DeliveryDeps,
  mailer: Mailer,
): Promise<Outcome> {
  if (!row.toAddress) return { kind: "cancelled", error: "The recipient no longer exists." };
  const appUrl = (deps.appUrl ?? appOrigin()).replace(/\/+$/, "");
  const { subject, text } = renderCreditEventEmail({
    type: row.eventType,
    payload: (row.payload ?? {}) as Record<string, unknown>,
    workspaceName: row.workspaceName,
    workspaceUrl: `${appUrl}/w/${row.workspaceSlug}`,
    recipientUserId: row.toUserId,
  });
  if (mailer === null) {
    await recordLocalEmail(tx, {
      workspaceId: row.workspaceId,
      deliveryId: row.id,
      toAddress: row.toAddress,
      subject,
      body: text,
      createdAt: deps.clock.now(),
    });
    return { kind: "sent", statusCode: null };
  }
  try {
    await mailer({ to: row.toAddress, subject, text, messageId: `<${row.id}@notifications.creditpool>` });
    return { kind: "sent", statusCode: null };
  } catch (error) {
    return { kind: "error", statusCode: null, error: describeError(error) };
  }
}

async function sendWebhook(row: ClaimedDelivery, deps: DeliveryDeps): Promise<Outcome> {
  if (!row.webhookUrl || !row.webhookSecret) {
    return { kind: "cancelled", error: "The webhook endpoint was removed." };
  }
  const body = JSON.stringify(row.payload);
  const eventId = typeof row.payload.id === "string" ? row.payload.id : row.id;
  try {
    const response = await (deps.fetch ?? fetch)(row.webhookUrl, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "user-agent": USER_AGENT,
        [SIGNATURE_HEADER]: signatureHeader(row.webhookSecret, body, deps.clock.now()),
        [EVENT_ID_HEADER]: eventId,
      },
      body,
      redirect: "manual",
      signal: AbortSignal.timeout(deps.webhookTimeoutMs ?? DEFAULT_WEBHOOK_TIMEOUT_MS),
    });
    // The body is not needed; release the connection.
    await response.body?.cancel().catch(() => {});
    if (response.status >= 200 && response.status < 300) return { kind: "sent", statusCode: response.status };
    return { kind: "error", statusCode: response.status, error: `HTTP ${response.status}` };
  } catch (error) {
    return { kind: "error", statusCode: null, error: describeError(error) };
  }
}

/** Sends one due delivery, if any; returns what happened (null: nothing was due). */
async function deliverOne(
  deps: DeliveryDeps,
  mailer: Mailer,
  workspaceId: string | undefined,
): Promise<"sent" | "retrying" | "failed" | "cancelled" | null> {
  return deps.db.transaction(async (tx) => {
    const row = await claimNextDelivery(tx, deps.clock.now(), workspaceId);
    if (!row) return null;
    const started = performance.now();
    const outcome =
      row.channel === "email" ? await sendEmail(tx, row, deps, mailer) : await sendWebhook(row, deps);
    const now = deps.clock.now();
    const attempt = row.attempts + 1;
    await recordDeliveryAttempt(tx, {
      workspaceId: row.workspaceId,
      deliveryId: row.id,
      attempt,
      succeeded: outcome.kind === "sent",
      statusCode: outcome.kind === "cancelled" ? null : outcome.statusCode,
      error: outcome.kind === "sent" ? null : outcome.error,
      durationMs: Math.round(performance.now() - started),
      attemptedAt: now,
    });
    const base = {
      attempts: attempt,
      lastStatusCode: outcome.kind === "cancelled" ? null : outcome.statusCode,
    };
    if (outcome.kind === "sent") {
      await updateDelivery(tx, row.id, { ...base, status: "sent", sentAt: now, lastError: null });
      return "sent";
    }
    if (outcome.kind === "cancelled") {
      await updateDelivery(tx, row.id, { ...base, status: "cancelled", lastError: outcome.error });
      return "cancelled";
    }
    const isLastAttempt = attempt >= MAX_ATTEMPTS[row.channel];
    // The error is the receiver's answer or the connection's failure, never the SMTP URL or a secret.
    getLogger().warn(
      { deliveryId: row.id, channel: row.channel, attempt, error: outcome.error, givenUp: isLastAttempt },
      "notification delivery failed",
    );
    await updateDelivery(tx, row.id, {
      ...base,
      status: isLastAttempt ? "failed" : "pending",
      lastError: outcome.error,
      nextAttemptAt: isLastAttempt ? now : new Date(now.getTime() + retryDelayMs(attempt, deps.random)),
    });
    return isLastAttempt ? "failed" : "retrying";
  });
}

/**
 * Sends every delivery that is due now, `concurrency` at a time, at most `limit` in one run. Safe to
 * run anywhere and any number of times at once.
 */
export async function deliverDueNotifications(
  deps: DeliveryDeps,
  options: {
    limit?: number;
    concurrency?: number;
    /** Only this workspace's deliveries (tests; an operator's one-off run). */
    workspaceId?: string;
  } = {},
): Promise<DeliveryReport> {
  const mailer = deps.mailer === undefined ? defaultMailer() : deps.mailer;
  const report: DeliveryReport = { sent: 0, retrying: 0, failed: 0, cancelled: 0 };
  let budget = options.limit ?? 500;
  const lane = async () => {
    while (budget > 0) {
      budget -= 1;
      const result = await deliverOne(deps, mailer, options.workspaceId);
      if (result === null) return;
      report[result] += 1;
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 4) }, lane));
  return report;
}
