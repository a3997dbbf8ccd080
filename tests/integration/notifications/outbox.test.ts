// The outbox: every credit event fans out in its own transaction to in-app notifications, emails and
// a webhook; the worker delivers each exactly once, even when it never ran when the event committed,
// when several run at once, or when one is killed in the middle of a batch.
import "../../support/actions";
import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { inject, beforeAll, describe, expect, it } from "vitest";
import { deliveryAttempts, localEmails, notificationDeliveries } from "@/db/schema";
import { saveWebhookEndpointAction } from "@/lib/actions/notifications/save-webhook-endpoint";
import { updateEmailPreferenceAction } from "@/lib/actions/notifications/update-email-preference";
import { manualClock } from "@/lib/clock";
import { raiseCreditEvent } from "@/db/queries/credit-events";
import { deliverDueNotifications } from "@/lib/notifications/deliver";
import { actAs } from "../../support/actions";
import { makeTeam } from "../../support/access";
import { ensureTestRates, fund, testContext, testDb } from "../../support/db";
import { startReceiver } from "./receiver";
import { deliveriesOf, eventsOf, notificationsOf, spendExactly } from "./support";

beforeAll(async () => {
  await ensureTestRates();
});

async function emailsOf(workspaceId: string) {
  return testDb()
    .select()
    .from(localEmails)
    .where(eq(localEmails.workspaceId, workspaceId))
    .orderBy(asc(localEmails.id));
}

/** A team whose balance has just crossed the 500 threshold (one credit_balance_low event). */
async function crossedTeam(at: string | Date = new Date()) {
  const ctx = testContext(at);
  const team = await makeTeam();
  await fund(ctx, team.workspace.id, 600);
  await spendExactly(ctx, team.workspace.id, team.owner.membership.id, 200);
  return { ctx, team };
}

describe("fan-out", () => {
  it("writes notifications and emails for owners and admins only, in the event's transaction", async () => {
    const { team } = await crossedTeam();
    const ws = team.workspace.id;
    const [event] = await eventsOf(ws);
    const recipients = [team.owner.user.id, team.admin.user.id].sort();
    expect((await notificationsOf(ws)).map((n) => n.userId).sort()).toEqual(recipients);
    const emails = await deliveriesOf(ws, "email");
    expect(emails.map((d) => d.userId).sort()).toEqual(recipients);
    expect(emails.every((d) => d.eventId === event?.id && d.status === "pending")).toBe(true);
    // No endpoint: no webhook delivery.
    expect(await deliveriesOf(ws, "webhook")).toEqual([]);
  });

  it("writes nothing when the event's transaction rolls back", async () => {
    const team = await makeTeam();
    await expect(
      testDb().transaction(async (tx) => {
        await raiseCreditEvent(tx, {
          workspaceId: team.workspace.id,
          type: "credit_purchase_failed",
          dedupeKey: `rollback:${randomUUID()}`,
          payload: { credits: 5_000, reason: "card_declined" },
          at: new Date(),
        });
        throw new Error("the cause failed");
      }),
    ).rejects.toThrow("the cause failed");
    expect(await notificationsOf(team.workspace.id)).toEqual([]);
    expect(await deliveriesOf(team.workspace.id)).toEqual([]);
  });

  it("respects each person's email choice (in-app notifications still arrive)", async () => {
    const team = await makeTeam();
    actAs(team.owner.user);
    const off = await updateEmailPreferenceAction({
      workspaceId: team.workspace.id,
      type: "credit_balance_low",
      email: false,
    });
    expect(off).toEqual({ ok: true, data: { type: "credit_balance_low", email: false } });
    const ctx = testContext(new Date());
    await fund(ctx, team.workspace.id, 600);
    await spendExactly(ctx, team.workspace.id, team.owner.membership.id, 600); // low and depleted
    const emails = await deliveriesOf(team.workspace.id, "email");
    expect(emails.map((d) => `${d.eventType}:${d.userId}`).sort()).toEqual(
      [
        `credit_balance_depleted:${team.admin.user.id}`,
        `credit_balance_depleted:${team.owner.user.id}`,
        `credit_balance_low:${team.admin.user.id}`,
      ].sort(),
    );
    expect(await notificationsOf(team.workspace.id)).toHaveLength(4);
  });
});

describe("delivery", () => {
  it("delivers what was committed while no worker ran, each exactly once", async () => {
    const { team } = await crossedTeam();
    const ws = team.workspace.id;
    const deps = { db: testDb(), clock: manualClock(new Date(Date.now() + 1_000)), mailer: null };
    expect(await deliverDueNotifications(deps, { workspaceId: ws })).toEqual({
      sent: 2,
      retrying: 0,
      failed: 0,
      cancelled: 0,
    });
    expect(await deliverDueNotifications(deps, { workspaceId: ws })).toMatchObject({ sent: 0 });
    const emails = await emailsOf(ws);
    expect(emails.map((e) => e.toAddress).sort()).toEqual(
      [team.admin.user.email, team.owner.user.email].sort(),
    );
    expect(emails[0]?.subject).toBe(`Balance is low · ${team.workspace.name}`);
    expect(emails[0]?.body).toContain("Balance is low: 400 credits left, below your 500 threshold.");
    expect((await deliveriesOf(ws)).every((d) => d.status === "sent" && d.attempts === 1)).toBe(true);
  });

  it("never sends one delivery twice when several workers run at once", async () => {
    const team = await makeTeam();
    const ws = team.workspace.id;
    const at = new Date();
    for (let i = 0; i < 15; i += 1) {
      await raiseCreditEvent(testDb(), {
        workspaceId: ws,
        type: "credit_purchase_failed",
        dedupeKey: `parallel:${randomUUID()}`,
        payload: { credits: 5_000, reason: "card_declined", message: "Your card was declined." },
        at,
      });
    }
    const sent: string[] = [];
    const deps = {
      db: testDb(),
      clock: manualClock(new Date(at.getTime() + 1_000)),
      // A "SMTP server" that is slow enough for the workers to overlap.
      mailer: async (mail: { messageId?: string }) => {
        await new Promise((resolve) => setTimeout(resolve, 5));
        sent.push(mail.messageId ?? "");
      },
    };
    const reports = await Promise.all(
      Array.from({ length: 4 }, () => deliverDueNotifications(deps, { workspaceId: ws, concurrency: 3 })),
    );
    expect(reports.reduce((n, r) => n + r.sent, 0)).toBe(30);
    expect(sent).toHaveLength(30);
    expect(new Set(sent).size).toBe(30);
  });

  it("loses nothing and sends nothing twice when the worker is killed in the middle of a batch", async () => {
    const receiver = await startReceiver(["hang"], 200);
    try {
      const team = await makeTeam();
      const ws = team.workspace.id;
      actAs(team.owner.user);
      const saved = await saveWebhookEndpointAction({ workspaceId: ws, url: receiver.url });
      expect(saved.ok).toBe(true);
      const at = new Date(Date.now() - 60_000);
      await raiseCreditEvent(testDb(), {
        workspaceId: ws,
        type: "credit_purchase_failed",
        dedupeKey: `crash:${randomUUID()}`,
        payload: { credits: 5_000, reason: "card_declined" },
        at,
      });
      // The emails fall due before the webhook, so the worker sends them, then hangs on the webhook.
      await testDb()
        .update(notificationDeliveries)
        .set({ nextAttemptAt: new Date(at.getTime() + 1_000) })
        .where(
          and(eq(notificationDeliveries.workspaceId, ws), eq(notificationDeliveries.channel, "webhook")),
        );

      const { EMAIL_SERVER: _server, EMAIL_FROM: _from, ...env } = process.env;
      const child = spawn(
        "node_modules/.bin/tsx",
        [
          "--conditions=react-server",
          "scripts/deliver-notifications.ts",
          "--workspace",
          ws,
          "--concurrency",
          "1",
        ],
        {
          // No SMTP: emails go to the local outbox.
          env: { ...env, DATABASE_URL: inject("databaseUrl") },
          stdio: ["ignore", "ignore", "inherit"],
          detached: true,
        },
      );
      let exited = false;
      child.once("exit", () => (exited = true));
      const deadline = Date.now() + 30_000;
      while (receiver.received.length === 0 && !exited && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(receiver.received).toHaveLength(1);
      // The worker is in the middle of sending the webhook: kill it (and tsx's node) outright.
      process.kill(-child.pid!, "SIGKILL");
      if (!exited) await new Promise((resolve) => child.once("exit", resolve));

      const webhook = (await deliveriesOf(ws, "webhook"))[0];
      expect(webhook).toMatchObject({ status: "pending", attempts: 0 });
      // PostgreSQL ends the killed worker's transaction (and its row lock) once it reads the closed
      // socket, which on a busy machine can be after this line: wait for that, not for a time.
      const lockDeadline = Date.now() + 30_000;
      while (Date.now() < lockDeadline) {
        const free = await testDb().transaction(
          async (tx) =>
            (
              await tx.execute(
                sql`select id from notification_deliveries where id = ${webhook!.id} for update skip locked`,
              )
            ).length > 0,
        );
        if (free) break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(
        await testDb().select().from(deliveryAttempts).where(eq(deliveryAttempts.deliveryId, webhook!.id)),
      ).toEqual([]);
      expect(await emailsOf(ws)).toHaveLength(2);

      // The next run (any worker) delivers what is left, and only that.
      const report = await deliverDueNotifications(
        { db: testDb(), clock: manualClock(new Date(Date.now() + 1_000)), mailer: null },
        { workspaceId: ws },
      );
      expect(report).toEqual({ sent: 1, retrying: 0, failed: 0, cancelled: 0 });
      expect(await emailsOf(ws)).toHaveLength(2);
      const all = await deliveriesOf(ws);
      expect(all.every((d) => d.status === "sent" && d.attempts === 1)).toBe(true);
      // The receiver saw the unacknowledged request and the acknowledged one: same event id.
      expect(receiver.received).toHaveLength(2);
      const ids = receiver.received.map((r) => (JSON.parse(r.body) as { id: string }).id);
      expect(ids[0]).toBe(ids[1]);
      expect(receiver.received.map((r) => r.headers["creditpool-event-id"])).toEqual(ids);
      const attempts = await testDb()
        .select()
        .from(deliveryAttempts)
        .where(
          inArray(
            deliveryAttempts.deliveryId,
            all.map((d) => d.id),
          ),
        );
      expect(attempts).toHaveLength(3);
    } finally {
      await receiver.close();
    }
  });
});
