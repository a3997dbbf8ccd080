// The test-mode portal's Refund / Open dispute / Win / Lose: a purchase paid at the stand-in's
// checkout, then reversed through the action, which sends the signed event Stripe would send through
// the real webhook handling. Refusals (a member, too much, a dispute twice, nothing to decide) write
// nothing at all.
import "../../support/actions";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { creditEvents, paymentReversals, testModeReversals } from "@/db/schema";
import { completeTestCheckoutAction } from "@/lib/actions/credits/complete-test-checkout";
import { reverseTestPaymentAction } from "@/lib/actions/credits/reverse-test-payment";
import { startPurchaseAction } from "@/lib/actions/credits/start-purchase";
import { getBalance, readDebt } from "@/lib/ledger";
import { verifyLedger } from "@/lib/ledger/verify";
import { actAs } from "../../support/actions";
import { makeTeam } from "../../support/access";
import { testContext, testDb } from "../../support/db";

async function paidInTestMode(credits = 5_000) {
  const team = await makeTeam();
  actAs(team.owner.user);
  const started = await startPurchaseAction({ workspaceId: team.workspace.id, credits });
  if (!started.ok) throw new Error(started.error.message);
  const paid = await completeTestCheckoutAction({
    workspaceId: team.workspace.id,
    sessionId: started.data.checkout.sessionId,
    action: "pay",
    cardNumber: "4242424242424242",
  });
  expect(paid.ok).toBe(true);
  return { team, purchaseId: started.data.purchaseId };
}

const balanceOf = async (workspaceId: string) =>
  (await getBalance(testContext(new Date()), workspaceId))?.total;

async function written(workspaceId: string) {
  const db = testDb();
  const [stand, rows, events] = await Promise.all([
    db.select().from(testModeReversals).where(eq(testModeReversals.workspaceId, workspaceId)),
    db.select().from(paymentReversals).where(eq(paymentReversals.workspaceId, workspaceId)),
    db.select().from(creditEvents).where(eq(creditEvents.workspaceId, workspaceId)),
  ]);
  return { stand: stand.length, rows: rows.length, events: events.length };
}

describe("test portal refunds and disputes", () => {
  it("refunds part of a purchase, then the rest, through signed events", async () => {
    const { team, purchaseId } = await paidInTestMode(5_000);
    const wsId = team.workspace.id;
    const input = { workspaceId: wsId, purchaseId, action: "refund" as const };
    const first = await reverseTestPaymentAction({ ...input, amountCents: 1_000 });
    expect(first.ok).toBe(true);
    expect(await balanceOf(wsId)).toBe(4_000);
    const tooMuch = await reverseTestPaymentAction({ ...input, amountCents: 999_999 });
    expect(tooMuch).toMatchObject({ ok: false, error: { code: "invalid_input" } });
    const before = await written(wsId);
    const rest = await reverseTestPaymentAction({ ...input, amountCents: 4_000 });
    expect(rest.ok).toBe(true);
    expect(await balanceOf(wsId)).toBe(0);
    expect((await written(wsId)).rows).toBe(before.rows + 1);
    const again = await reverseTestPaymentAction({ ...input, amountCents: 1 });
    expect(again).toMatchObject({ ok: false, error: { code: "conflict" } });
    expect(await verifyLedger(testDb(), { workspaceId: wsId })).toEqual([]);
  });

  it("opens a dispute and loses it: held, then taken back with debt for what was spent", async () => {
    const { team, purchaseId } = await paidInTestMode(5_000);
    const wsId = team.workspace.id;
    const input = { workspaceId: wsId, purchaseId };
    expect((await reverseTestPaymentAction({ ...input, action: "win" })).ok).toBe(false);
    expect((await reverseTestPaymentAction({ ...input, action: "open_dispute" })).ok).toBe(true);
    expect(await readDebt(testDb(), wsId)).toEqual({ owed: 0, disputed: 5_000 });
    const twice = await reverseTestPaymentAction({ ...input, action: "open_dispute" });
    expect(twice).toMatchObject({ ok: false, error: { code: "conflict" } });
    const refund = await reverseTestPaymentAction({ ...input, action: "refund", amountCents: 100 });
    expect(refund).toMatchObject({ ok: false, error: { code: "conflict" } });
    expect((await reverseTestPaymentAction({ ...input, action: "lose" })).ok).toBe(true);
    expect(await readDebt(testDb(), wsId)).toEqual({ owed: 0, disputed: 0 });
    expect(await balanceOf(wsId)).toBe(0);
    expect(await verifyLedger(testDb(), { workspaceId: wsId })).toEqual([]);
  });

  it("refuses members, other workspaces' purchases and bad input, writing nothing", async () => {
    const { team, purchaseId } = await paidInTestMode(5_000);
    const other = await makeTeam();
    const wsId = team.workspace.id;
    const before = await written(wsId);
    actAs(team.member.user);
    expect(
      await reverseTestPaymentAction({ workspaceId: wsId, purchaseId, action: "refund", amountCents: 100 }),
    ).toMatchObject({ ok: false, error: { code: "forbidden" } });
    actAs(other.owner.user);
    expect(
      await reverseTestPaymentAction({ workspaceId: other.workspace.id, purchaseId, action: "open_dispute" }),
    ).toMatchObject({ ok: false, error: { code: "not_found" } });
    actAs(team.owner.user);
    expect(await reverseTestPaymentAction({ workspaceId: wsId, purchaseId, action: "refund" })).toMatchObject(
      {
        ok: false,
        error: { code: "invalid_input" },
      },
    );
    expect(
      await reverseTestPaymentAction({ workspaceId: wsId, purchaseId, action: "refund", amountCents: -5 }),
    ).toMatchObject({ ok: false, error: { code: "invalid_input" } });
    expect(
      await reverseTestPaymentAction({
        workspaceId: wsId,
        invoiceId: "in_test_local_1",
        action: "open_dispute",
      }),
    ).toMatchObject({ ok: false, error: { code: "not_found" } });
    expect(await written(wsId)).toEqual(before);
    expect(await balanceOf(wsId)).toBe(5_000);
  });
});
