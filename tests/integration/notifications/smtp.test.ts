// Email through a real SMTP conversation: the outbox's deliveries go to a local SMTP server (the
// smtp-server package, started here) through the app's own sender (lib/mail.ts, nodemailer). The
// message, its headers and its Message-ID arrive; a server that refuses (451, 550) or is down gets
// the delivery again later, with backoff, and each message is accepted exactly once; the SMTP
// password never reaches the log or the delivery log.
import "../../support/actions";
import { asc, inArray } from "drizzle-orm";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { deliveryAttempts } from "@/db/schema";
import { createSmtpSender } from "@/lib/mail";
import { deliverDueNotifications } from "@/lib/notifications/deliver";
import { makeTeam } from "../../support/access";
import { ensureTestRates, fund, testContext, testDb } from "../../support/db";
import { startSmtpReceiver, headerOf } from "./smtp-receiver";
import { deliveriesOf, spendExactly } from "./support";

const USER = "creditpool-mailer";
const PASSWORD = "pw-4sM7p-never-in-logs";
const FROM = "Creditpool <alerts@creditpool.test>";

beforeAll(async () => {
  await ensureTestRates();
});

afterEach(() => {
  vi.restoreAllMocks();
});

/** Everything the process writes to stdout, stderr and the console while `fn` runs. */
async function capturingOutput<T>(fn: () => Promise<T>): Promise<{ result: T; output: string }> {
  const chunks: string[] = [];
  const keep = (chunk: unknown) => {
    chunks.push(typeof chunk === "string" ? chunk : Buffer.from(chunk as Uint8Array).toString("utf8"));
    return true;
  };
  vi.spyOn(process.stdout, "write").mockImplementation(keep);
  vi.spyOn(process.stderr, "write").mockImplementation(keep);
  for (const method of ["log", "info", "warn", "error", "debug"] as const) {
    vi.spyOn(console, method).mockImplementation(
      (...args: unknown[]) => void keep(args.map(String).join(" ")),
    );
  }
  try {
    return { result: await fn(), output: chunks.join("") };
  } finally {
    vi.restoreAllMocks();
  }
}

/** A team whose balance just crossed its threshold: one event, two emails (owner and admin). */
async function crossedTeam() {
  const ctx = testContext(new Date());
  const team = await makeTeam();
  await fund(ctx, team.workspace.id, 600);
  await spendExactly(ctx, team.workspace.id, team.owner.membership.id, 200);
  const emails = await deliveriesOf(team.workspace.id, "email");
  expect(emails).toHaveLength(2);
  return { ctx, team, emails };
}

async function attemptsOf(deliveryIds: string[]) {
  return testDb()
    .select()
    .from(deliveryAttempts)
    .where(inArray(deliveryAttempts.deliveryId, deliveryIds))
    .orderBy(asc(deliveryAttempts.attemptedAt), asc(deliveryAttempts.id));
}

describe("delivery over SMTP", () => {
  it("delivers each email once, with its headers and Message-ID, after logging in", async () => {
    const receiver = await startSmtpReceiver({ user: USER, pass: PASSWORD });
    try {
      const { ctx, team, emails } = await crossedTeam();
      const mailer = createSmtpSender(`smtp://${USER}:${PASSWORD}@127.0.0.1:${receiver.port}`, FROM);
      const report = await deliverDueNotifications({ ...ctx, mailer }, { workspaceId: team.workspace.id });
      expect(report).toEqual({ sent: 2, retrying: 0, failed: 0, cancelled: 0 });
      expect(receiver.loginCount()).toBeGreaterThanOrEqual(1);
      expect(receiver.accepted).toHaveLength(2);
      const byMessageId = new Map(receiver.accepted.map((m) => [headerOf(m.raw, "Message-ID"), m]));
      const emailOf = new Map([team.owner.user, team.admin.user].map((user) => [user.id, user.email]));
      for (const delivery of emails) {
        const address = emailOf.get(delivery.userId ?? "");
        const message = byMessageId.get(`<${delivery.id}@notifications.creditpool>`);
        expect(message, `message for delivery ${delivery.id}`).toBeDefined();
        expect(message?.from).toBe("alerts@creditpool.test");
        expect(message?.to).toEqual([address]);
        expect(headerOf(message!.raw, "From")).toBe(FROM);
        expect(headerOf(message!.raw, "To")).toBe(address);
        expect(headerOf(message!.raw, "Subject")).toMatch(/low/i);
        expect(headerOf(message!.raw, "Date")).toBeTruthy();
        expect(message!.raw).toContain(`/w/${team.workspace.slug}`);
      }
      // Sent is sent: another run sends nothing.
      ctx.clock.advance(24 * 3600_000);
      expect(await deliverDueNotifications({ ...ctx, mailer }, { workspaceId: team.workspace.id })).toEqual({
        sent: 0,
        retrying: 0,
        failed: 0,
        cancelled: 0,
      });
      expect(receiver.accepted).toHaveLength(2);
    } finally {
      await receiver.close();
    }
  });

  it("retries with backoff after 451, 550 and a server that is down, then delivers each once", async () => {
    const receiver = await startSmtpReceiver({ user: USER, pass: PASSWORD });
    try {
      const { ctx, team, emails } = await crossedTeam();
      const ws = team.workspace.id;
      const ids = emails.map((e) => e.id);
      const mailer = createSmtpSender(`smtp://${USER}:${PASSWORD}@127.0.0.1:${receiver.port}`, FROM);
      const run = () => deliverDueNotifications({ ...ctx, mailer }, { workspaceId: ws });
      const waits: number[][] = [];
      const noteWaits = async () => {
        const now = ctx.clock.now().getTime();
        waits.push((await deliveriesOf(ws, "email")).map((d) => d.nextAttemptAt.getTime() - now));
      };

      const { output } = await capturingOutput(async () => {
        receiver.refuseNext(451, 451);
        expect(await run()).toMatchObject({ sent: 0, retrying: 2 });
        await noteWaits();
        // Not due yet: nothing is tried again at once.
        expect(await run()).toMatchObject({ sent: 0, retrying: 0 });
        ctx.clock.advance(31_000);
        receiver.refuseNext(550, 550);
        expect(await run()).toMatchObject({ sent: 0, retrying: 2 });
        await noteWaits();
        await receiver.stop();
        ctx.clock.advance(61_000);
        expect(await run()).toMatchObject({ sent: 0, retrying: 2 });
        await noteWaits();
        await receiver.start();
        ctx.clock.advance(121_000);
        expect(await run()).toMatchObject({ sent: 2, retrying: 0 });
        ctx.clock.advance(24 * 3600_000);
        expect(await run()).toMatchObject({ sent: 0, retrying: 0 });
      });

      expect(receiver.refusedCount()).toBe(4);
      // Accepted exactly once each, whatever came before.
      const messageIds = receiver.accepted.map((m) => headerOf(m.raw, "Message-ID")).sort();
      expect(messageIds).toEqual(ids.map((id) => `<${id}@notifications.creditpool>`).sort());

      const attempts = await attemptsOf(ids);
      for (const id of ids) {
        const mine = attempts.filter((a) => a.deliveryId === id);
        expect(mine.map((a) => a.succeeded)).toEqual([false, false, false, true]);
        expect(mine[0]?.error).toMatch(/451/);
        expect(mine[1]?.error).toMatch(/550/);
        expect(mine[2]?.error).toMatch(/ECONNREFUSED/);
      }
      for (const delivery of await deliveriesOf(ws, "email")) {
        expect(delivery).toMatchObject({ status: "sent", attempts: 4 });
      }
      // The waits doubled: 15-30 s after the first failure, 30-60 s after the second, 60-120 s after the third.
      expect(waits).toHaveLength(3);
      for (const [index, wait] of waits.entries()) {
        for (const ms of wait) {
          expect(ms).toBeGreaterThanOrEqual(15_000 * 2 ** index);
          expect(ms).toBeLessThanOrEqual(30_000 * 2 ** index);
        }
      }

      // The failures were logged, as JSON, and the password never was.
      const lines = output.split("\n").filter((line) => line.startsWith("{"));
      const failures = lines
        .map((line) => JSON.parse(line) as { msg?: string; error?: string })
        .filter((line) => line.msg === "notification delivery failed");
      expect(failures).toHaveLength(6);
      expect(output).not.toContain(PASSWORD);
      expect(JSON.stringify(attempts)).not.toContain(PASSWORD);
    } finally {
      await receiver.close();
    }
  });

  it("keeps the password out of the log and the delivery log when the login is refused", async () => {
    const receiver = await startSmtpReceiver({ user: USER, pass: "the-server-wants-another" });
    try {
      const { ctx, team, emails } = await crossedTeam();
      const mailer = createSmtpSender(`smtp://${USER}:${PASSWORD}@127.0.0.1:${receiver.port}`, FROM);
      const { result, output } = await capturingOutput(() =>
        deliverDueNotifications({ ...ctx, mailer }, { workspaceId: team.workspace.id }),
      );
      expect(result).toMatchObject({ sent: 0, retrying: 2 });
      expect(receiver.accepted).toHaveLength(0);
      const attempts = await attemptsOf(emails.map((e) => e.id));
      expect(attempts.map((a) => a.error)).toEqual([
        expect.stringMatching(/535/),
        expect.stringMatching(/535/),
      ]);
      expect(output).toContain("notification delivery failed");
      expect(output).not.toContain(PASSWORD);
      expect(output).not.toContain(Buffer.from(`\u0000${USER}\u0000${PASSWORD}`).toString("base64"));
      expect(JSON.stringify(attempts)).not.toContain(PASSWORD);
      const rows = await deliveriesOf(team.workspace.id, "email");
      expect(JSON.stringify(rows)).not.toContain(PASSWORD);
    } finally {
      await receiver.close();
    }
  });
});
