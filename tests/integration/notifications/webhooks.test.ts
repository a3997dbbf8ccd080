// Signed webhooks against a local HTTP receiver: the signature verifies the way the README tells
// receivers to check it, failures are retried with backoff (each attempt logged), a receiver that
// never recovers is given up on after the bounded number of attempts, and test events go the same way.
import "../../support/actions";
import { randomUUID } from "node:crypto";
import { and, asc, desc, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditEvents, deliveryAttempts, notificationDeliveries } from "@/db/schema";
import { removeWebhookEndpointAction } from "@/lib/actions/notifications/remove-webhook-endpoint";
import { rotateWebhookSecretAction } from "@/lib/actions/notifications/rotate-webhook-secret";
import { saveWebhookEndpointAction } from "@/lib/actions/notifications/save-webhook-endpoint";
import { sendTestWebhookAction } from "@/lib/actions/notifications/send-test-webhook";
import { manualClock } from "@/lib/clock";
import { MAX_ATTEMPTS } from "@/lib/notifications/backoff";
import { raiseCreditEvent } from "@/db/queries/credit-events";
import { deliverDueNotifications } from "@/lib/notifications/deliver";
import { verifySignature } from "@/lib/notifications/webhook-signature";
import { getWebhookEndpoint } from "@/db/queries/webhooks";
import { actAs } from "../../support/actions";
import { makeTeam } from "../../support/access";
import { testDb } from "../../support/db";
import { startReceiver } from "./receiver";

const START = "2026-05-04T09:00:00.000Z";

async function teamWithEndpoint(url: string) {
  const team = await makeTeam();
  actAs(team.owner.user);
  const saved = await saveWebhookEndpointAction({ workspaceId: team.workspace.id, url });
  if (!saved.ok) throw new Error(saved.error.message);
  const endpoint = await getWebhookEndpoint(testDb(), team.workspace.id);
  return { team, secret: endpoint!.secret };
}

async function failedPurchaseEvent(workspaceId: string, at: Date) {
  await raiseCreditEvent(testDb(), {
    workspaceId,
    type: "credit_purchase_failed",
    dedupeKey: `webhook-test:${randomUUID()}`,
    payload: {
      credits: 5_000,
      kind: "auto_top_up",
      reason: "card_declined",
      message: "Your card was declined.",
    },
    at,
  });
}

async function webhookDelivery(workspaceId: string) {
  const [row] = await testDb()
    .select()
    .from(notificationDeliveries)
    .where(
      and(eq(notificationDeliveries.workspaceId, workspaceId), eq(notificationDeliveries.channel, "webhook")),
    )
    .orderBy(desc(notificationDeliveries.createdAt));
  return row!;
}

async function attemptsOf(deliveryId: string) {
  return testDb()
    .select()
    .from(deliveryAttempts)
    .where(eq(deliveryAttempts.deliveryId, deliveryId))
    .orderBy(asc(deliveryAttempts.attempt));
}

describe("webhooks", () => {
  it("signs every request verifiably and retries with backoff until the receiver accepts", async () => {
    const receiver = await startReceiver([500, 503, 200]);
    try {
      const { team, secret } = await teamWithEndpoint(receiver.url);
      const ws = team.workspace.id;
      const clock = manualClock(START);
      await failedPurchaseEvent(ws, clock.now());
      const deps = { db: testDb(), clock, mailer: null, random: () => 0.5 };

      expect(await deliverDueNotifications(deps, { workspaceId: ws })).toMatchObject({
        retrying: 1,
        sent: 2,
      });
      let delivery = await webhookDelivery(ws);
      expect(delivery).toMatchObject({
        status: "pending",
        attempts: 1,
        lastStatusCode: 500,
        lastError: "HTTP 500",
      });
      // First retry after 30 s with jitter: between 15 s and 30 s (22.5 s with this "random").
      expect(delivery.nextAttemptAt.getTime() - clock.now().getTime()).toBe(22_500);
      // Not due yet: nothing is sent.
      clock.advance(20_000);
      expect(await deliverDueNotifications(deps, { workspaceId: ws })).toMatchObject({
        retrying: 0,
        sent: 0,
      });
      clock.advance(3_000);
      expect(await deliverDueNotifications(deps, { workspaceId: ws })).toMatchObject({ retrying: 1 });
      delivery = await webhookDelivery(ws);
      // The second wait doubles: 45 s here.
      expect(delivery.nextAttemptAt.getTime() - clock.now().getTime()).toBe(45_000);
      clock.advance(45_000);
      expect(await deliverDueNotifications(deps, { workspaceId: ws })).toMatchObject({ sent: 1 });
      delivery = await webhookDelivery(ws);
      expect(delivery).toMatchObject({ status: "sent", attempts: 3, lastStatusCode: 200, lastError: null });
      expect((await attemptsOf(delivery.id)).map((a) => [a.attempt, a.statusCode, a.succeeded])).toEqual([
        [1, 500, false],
        [2, 503, false],
        [3, 200, true],
      ]);

      expect(receiver.received).toHaveLength(3);
      const bodies = receiver.received.map((r) => JSON.parse(r.body) as Record<string, unknown>);
      // The same body (and event id) every time; a fresh signature each time.
      expect(new Set(receiver.received.map((r) => r.body)).size).toBe(1);
      expect(bodies[0]).toMatchObject({
        type: "credit_purchase_failed",
        createdAt: START,
        workspace: { id: ws, slug: team.workspace.slug, name: team.workspace.name },
        data: { credits: 5_000, reason: "card_declined", message: "Your card was declined." },
      });
      expect(bodies[0]?.id).toBe(delivery.eventId);
      for (const request of receiver.received) {
        const header = request.headers["creditpool-signature"] as string;
        const t = Number(/t=(\d+)/.exec(header)?.[1]);
        expect(verifySignature(header, request.body, secret, new Date(t * 1000))).toEqual({
          ok: true,
          timestamp: t,
        });
        expect(verifySignature(header, request.body, "whsec_wrong", new Date(t * 1000)).ok).toBe(false);
        expect(verifySignature(header, `${request.body} `, secret, new Date(t * 1000)).ok).toBe(false);
        expect(verifySignature(header, request.body, secret, new Date((t + 301) * 1000))).toEqual({
          ok: false,
          reason: "timestamp too old",
        });
        expect(request.headers["content-type"]).toBe("application/json");
      }
    } finally {
      await receiver.close();
    }
  });

  it("gives up after the bounded number of attempts, each one logged", async () => {
    const receiver = await startReceiver([], 500);
    try {
      const { team } = await teamWithEndpoint(receiver.url);
      const ws = team.workspace.id;
      const clock = manualClock(START);
      await failedPurchaseEvent(ws, clock.now());
      const deps = { db: testDb(), clock, mailer: null };
      for (let i = 0; i < MAX_ATTEMPTS.webhook + 2; i += 1) {
        await deliverDueNotifications(deps, { workspaceId: ws });
        clock.advance(7 * 60 * 60 * 1000);
      }
      const delivery = await webhookDelivery(ws);
      expect(delivery).toMatchObject({ status: "failed", attempts: MAX_ATTEMPTS.webhook });
      expect(await attemptsOf(delivery.id)).toHaveLength(MAX_ATTEMPTS.webhook);
      expect(receiver.received).toHaveLength(MAX_ATTEMPTS.webhook);
    } finally {
      await receiver.close();
    }
  });

  it("logs a connection error, sends test events, signs with a rotated secret at once", async () => {
    const receiver = await startReceiver([]);
    try {
      const { team, secret } = await teamWithEndpoint("http://127.0.0.1:9/unreachable");
      const ws = team.workspace.id;
      // The action queues the test event at the system clock's now.
      const clock = manualClock(new Date(Date.now() + 1_000));
      const deps = { db: testDb(), clock, mailer: null };
      expect(await sendTestWebhookAction({ workspaceId: ws })).toMatchObject({ ok: true });
      expect(await deliverDueNotifications(deps, { workspaceId: ws })).toMatchObject({ retrying: 1 });
      const failed = await webhookDelivery(ws);
      expect(failed.lastStatusCode).toBeNull();
      expect(failed.lastError).toMatch(/fetch failed/);

      expect(await saveWebhookEndpointAction({ workspaceId: ws, url: receiver.url })).toMatchObject({
        ok: true,
        data: { isNew: false },
      });
      const rotated = await rotateWebhookSecretAction({ workspaceId: ws });
      if (!rotated.ok) throw new Error(rotated.error.message);
      expect(rotated.data.secret).not.toBe(secret);
      clock.advance(60_000);
      expect(await deliverDueNotifications(deps, { workspaceId: ws })).toMatchObject({ sent: 1 });
      const [request] = receiver.received;
      expect(JSON.parse(request!.body)).toMatchObject({ type: "test", workspace: { id: ws } });
      const header = request!.headers["creditpool-signature"] as string;
      expect(verifySignature(header, request!.body, rotated.data.secret, clock.now()).ok).toBe(true);
      expect(verifySignature(header, request!.body, secret, clock.now()).ok).toBe(false);

      const audit = await testDb().select().from(auditEvents).where(eq(auditEvents.workspaceId, ws));
      expect(audit.map((a) => a.action).sort()).toEqual([
        "webhook.secret_rotated",
        "webhook.updated",
        "webhook.updated",
      ]);
    } finally {
      await receiver.close();
    }
  });

  it("removing the endpoint cancels what is pending and stops new webhooks", async () => {
    const { team } = await teamWithEndpoint("https://hooks.example.test/creditpool");
    const ws = team.workspace.id;
    await failedPurchaseEvent(ws, new Date());
    const removed = await removeWebhookEndpointAction({ workspaceId: ws });
    expect(removed).toEqual({ ok: true, data: { cancelled: 1 } });
    expect((await webhookDelivery(ws)).status).toBe("cancelled");
    await failedPurchaseEvent(ws, new Date());
    const webhooks = await testDb()
      .select()
      .from(notificationDeliveries)
      .where(and(eq(notificationDeliveries.workspaceId, ws), eq(notificationDeliveries.channel, "webhook")));
    expect(webhooks).toHaveLength(1);
  });

  it("refuses URLs that are not https (or http to localhost)", async () => {
    const team = await makeTeam();
    actAs(team.owner.user);
    for (const url of [
      "http://example.com/hook",
      "ftp://example.com",
      "not a url",
      "https://u:p@example.com/x",
    ]) {
      const result = await saveWebhookEndpointAction({ workspaceId: team.workspace.id, url });
      expect(result).toMatchObject({ ok: false, error: { code: "invalid_input" } });
    }
    for (const url of ["https://example.com/hook", "http://localhost:4000/hook"]) {
      expect((await saveWebhookEndpointAction({ workspaceId: team.workspace.id, url })).ok).toBe(true);
    }
  });
});
