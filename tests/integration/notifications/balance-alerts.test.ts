// credit_balance_low and credit_balance_depleted, raised by the trigger on credit_accounts in the same
// transaction as the spend: once per crossing, re-armed only after recovering to the threshold, and
// exactly once however many spends cross it at the same moment.
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { hold, release, spend, spendBatch } from "@/lib/ledger";
import { makeTeam } from "../../support/access";
import { ensureTestRates, fund, testContext, testDb, unitGeneration } from "../../support/db";
import { deliveriesOf, eventTypes, eventsOf, notificationsOf, spendExactly } from "./support";

beforeAll(async () => {
  await ensureTestRates();
});

describe("credit_balance_low", () => {
  it("fires once crossing down, not again while below, and again after recovering", async () => {
    const ctx = testContext();
    const team = await makeTeam();
    const ws = team.workspace.id;
    const spender = team.owner.membership.id;
    await fund(ctx, ws, 1_000);
    expect(await eventTypes(ws)).toEqual([]);

    await spendExactly(ctx, ws, spender, 400); // 600: above the 500 threshold
    expect(await eventTypes(ws)).toEqual([]);
    ctx.clock.advance(60_000);
    await spendExactly(ctx, ws, spender, 180); // 420: crosses
    const [low] = await eventsOf(ws);
    expect(low).toMatchObject({
      type: "credit_balance_low",
      payload: { balance: 420, previousBalance: 600, threshold: 500, autoTopUp: false },
      createdAt: ctx.clock.now(),
    });
    await spendExactly(ctx, ws, spender, 100); // 320: still below, no second alert
    await spendExactly(ctx, ws, spender, 10);
    expect(await eventTypes(ws)).toEqual(["credit_balance_low"]);

    await fund(ctx, ws, 170); // 480: recovered, but not to the threshold: still armed off
    await spendExactly(ctx, ws, spender, 10);
    expect(await eventTypes(ws)).toEqual(["credit_balance_low"]);

    await fund(ctx, ws, 30); // 500: at the threshold re-arms
    expect(await eventTypes(ws)).toEqual(["credit_balance_low"]);
    await spendExactly(ctx, ws, spender, 1); // 499: the next crossing fires again
    expect(await eventTypes(ws)).toEqual(["credit_balance_low", "credit_balance_low"]);
  });

  it("is not raised by a grant that leaves the balance below the threshold", async () => {
    const ctx = testContext();
    const team = await makeTeam();
    await fund(ctx, team.workspace.id, 100);
    await fund(ctx, team.workspace.id, 100);
    expect(await eventTypes(team.workspace.id)).toEqual([]);
  });

  it("fires for holds and batch spends too (every writer updates the account row)", async () => {
    const ctx = testContext();
    const team = await makeTeam();
    const ws = team.workspace.id;
    await fund(ctx, ws, 700);
    const held = await hold(ctx, {
      workspaceId: ws,
      membershipId: team.owner.membership.id,
      ...unitGeneration(300),
      idempotencyKey: randomUUID(),
    });
    expect(held.ok).toBe(true);
    expect(await eventTypes(ws)).toEqual(["credit_balance_low"]);
    if (held.ok) {
      const released = await release(ctx, { workspaceId: ws, holdId: held.holdId });
      expect(released.ok).toBe(true);
    }
    // Back at 700: re-armed. A batch of spends crosses once.
    const batch = await spendBatch(
      ctx,
      ws,
      Array.from({ length: 5 }, () => ({
        membershipId: team.owner.membership.id,
        ...unitGeneration(100),
        idempotencyKey: randomUUID(),
      })),
    );
    expect(batch.every((outcome) => outcome.ok)).toBe(true);
    expect(await eventTypes(ws)).toEqual(["credit_balance_low", "credit_balance_low"]);
  });

  it("50 parallel spends crossing the threshold raise exactly one event", async () => {
    const ctx = testContext();
    const team = await makeTeam();
    const ws = team.workspace.id;
    await fund(ctx, ws, 990);
    const outcomes = await Promise.all(
      Array.from({ length: 50 }, () =>
        spend(ctx, {
          workspaceId: ws,
          membershipId: team.owner.membership.id,
          ...unitGeneration(10),
          idempotencyKey: randomUUID(),
        }),
      ),
    );
    expect(outcomes.every((outcome) => outcome.ok)).toBe(true);
    const events = await eventsOf(ws);
    expect(events.map((event) => event.type)).toEqual(["credit_balance_low"]);
    // Concurrent spends of one workspace may be charged together (one batch), so the crossing is
    // seen from wherever the balance stood before the statement that crossed it.
    const payload = events[0]?.payload as { balance: number; previousBalance: number; threshold: number };
    expect(payload.threshold).toBe(500);
    expect(payload.previousBalance).toBeGreaterThanOrEqual(500);
    expect(payload.balance).toBeLessThan(500);
    expect(payload.balance).toBeGreaterThanOrEqual(490);
    // Fanned out once: owner and admin each get one notification and one email.
    expect(await notificationsOf(ws)).toHaveLength(2);
    expect(await deliveriesOf(ws, "email")).toHaveLength(2);
  });
});

describe("credit_balance_depleted", () => {
  it("fires when the balance reaches zero, once per time it gets there", async () => {
    const ctx = testContext();
    const team = await makeTeam();
    const ws = team.workspace.id;
    const spender = team.owner.membership.id;
    await fund(ctx, ws, 1_000);
    await spendExactly(ctx, ws, spender, 1_000); // 1,000 -> 0: low and depleted in one step
    expect((await eventTypes(ws)).sort()).toEqual(["credit_balance_depleted", "credit_balance_low"]);
    const refused = await spend(ctx, {
      workspaceId: ws,
      membershipId: spender,
      ...unitGeneration(1),
      idempotencyKey: randomUUID(),
    });
    expect(refused.ok).toBe(false);
    await fund(ctx, ws, 50);
    await spendExactly(ctx, ws, spender, 50);
    expect((await eventTypes(ws)).sort()).toEqual([
      "credit_balance_depleted",
      "credit_balance_depleted",
      "credit_balance_low",
    ]);
  });
});

describe("a failing alert", () => {
  it("never fails the spend, and the alert is tried again on the next change", async () => {
    const ctx = testContext();
    const team = await makeTeam();
    const ws = team.workspace.id;
    await fund(ctx, ws, 1_000);
    const db = testDb();
    // Make raising an event fail for this workspace only (other test files share the table).
    const trigger = `test_fail_events_${ws.replaceAll("-", "")}`;
    await db.execute(
      sql.raw(`
      CREATE FUNCTION ${trigger}() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        IF NEW.workspace_id = '${ws}' THEN RAISE EXCEPTION 'events are down'; END IF;
        RETURN NEW;
      END $fn$`),
    );
    await db.execute(
      sql.raw(
        `CREATE TRIGGER ${trigger} BEFORE INSERT ON credit_events FOR EACH ROW EXECUTE FUNCTION ${trigger}()`,
      ),
    );
    try {
      await spendExactly(ctx, ws, team.owner.membership.id, 600); // crosses, the alert fails
      expect(await eventTypes(ws)).toEqual([]);
    } finally {
      await db.execute(sql.raw(`DROP TRIGGER ${trigger} ON credit_events`));
      await db.execute(sql.raw(`DROP FUNCTION ${trigger}()`));
    }
    await spendExactly(ctx, ws, team.owner.membership.id, 10);
    expect(await eventTypes(ws)).toEqual(["credit_balance_low"]);
  });
});
