// One clear payment state for a checkout (test mode's stand-in, the same handling as Stripe's): an
// abandoned checkout can be resumed or cancelled from the Credits card, and a cancel is not reported
// as a failed payment.
import "../../support/actions";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { creditEvents, creditPurchases } from "@/db/schema";
import { cancelCheckoutAction } from "@/lib/actions/credits/cancel-checkout";
import { completeTestCheckoutAction } from "@/lib/actions/credits/complete-test-checkout";
import { resumeCheckoutAction } from "@/lib/actions/credits/resume-checkout";
import { startPurchaseAction } from "@/lib/actions/credits/start-purchase";
import { getCreditsSummary } from "@/lib/credits/summary";
import { getWorkspace } from "@/db/queries/workspaces";
import { actAs } from "../../support/actions";
import { makeTeam } from "../../support/access";
import { testContext, testDb } from "../../support/db";

type Team = Awaited<ReturnType<typeof makeTeam>>;

async function abandoned(team: Team, credits = 5_000) {
  actAs(team.admin.user);
  const started = await startPurchaseAction({ workspaceId: team.workspace.id, credits });
  if (!started.ok) throw new Error(started.error.message);
  return started.data;
}

type Started = Awaited<ReturnType<typeof abandoned>>;

/** Pays (or tries to pay) the test checkout with a test card number. */
const pay = (team: Team, started: Started, cardNumber: string) =>
  completeTestCheckoutAction({
    workspaceId: team.workspace.id,
    sessionId: started.checkout.sessionId,
    action: "pay",
    cardNumber,
  });

async function summaryOf(team: Team) {
  const workspace = await getWorkspace(testDb(), team.workspace.id);
  return getCreditsSummary(testContext(new Date()), workspace!);
}

const eventsOf = (workspaceId: string) =>
  testDb().select().from(creditEvents).where(eq(creditEvents.workspaceId, workspaceId));

describe("checkouts left unpaid", () => {
  it("are listed on the Credits card and can be resumed: the same checkout session again", async () => {
    const team = await makeTeam();
    const started = await abandoned(team);
    const summary = await summaryOf(team);
    expect(summary.openCheckouts).toMatchObject([
      { id: started.purchaseId, credits: 5_000, amountCents: 5_000 },
    ]);
    const resumed = await resumeCheckoutAction({
      workspaceId: team.workspace.id,
      purchaseId: started.purchaseId,
    });
    expect(resumed).toEqual({
      ok: true,
      data: { credits: 5_000, amountCents: 5_000, checkout: started.checkout },
    });
    // Another workspace's admin can't see or touch it.
    const other = await makeTeam();
    actAs(other.admin.user);
    for (const action of [resumeCheckoutAction, cancelCheckoutAction])
      expect(await action({ workspaceId: other.workspace.id, purchaseId: started.purchaseId })).toMatchObject(
        {
          ok: false,
          error: { code: "not_found" },
        },
      );
    actAs(team.member.user);
    expect(
      await cancelCheckoutAction({ workspaceId: team.workspace.id, purchaseId: started.purchaseId }),
    ).toMatchObject({
      ok: false,
      error: { code: "forbidden" },
    });
    const [purchase] = await testDb()
      .select()
      .from(creditPurchases)
      .where(eq(creditPurchases.id, started.purchaseId));
    expect(purchase?.status).toBe("pending");
  });

  it("cancel expires the session and the purchase through the expiry handling, quietly; it can't be paid or resumed after", async () => {
    const team = await makeTeam();
    const started = await abandoned(team);
    // A card was declined in it first: still no failure once the buyer cancels.
    await pay(team, started, "4000000000000002");
    expect((await summaryOf(team)).openCheckouts).toMatchObject([{ lastDecline: "Your card was declined." }]);
    const cancelled = await cancelCheckoutAction({
      workspaceId: team.workspace.id,
      purchaseId: started.purchaseId,
    });
    expect(cancelled).toEqual({ ok: true, data: { status: "expired" } });
    const [purchase] = await testDb()
      .select()
      .from(creditPurchases)
      .where(eq(creditPurchases.id, started.purchaseId));
    expect(purchase).toMatchObject({ status: "expired", failureCode: "checkout_cancelled" });
    expect(await eventsOf(team.workspace.id)).toEqual([]);
    expect((await summaryOf(team)).openCheckouts).toEqual([]);
    expect(
      await resumeCheckoutAction({ workspaceId: team.workspace.id, purchaseId: started.purchaseId }),
    ).toMatchObject({
      ok: false,
      error: { code: "expired" },
    });
    expect(await pay(team, started, "4242424242424242")).toMatchObject({
      ok: false,
      error: { code: "expired" },
    });
    // Cancelling again changes nothing.
    expect(
      await cancelCheckoutAction({ workspaceId: team.workspace.id, purchaseId: started.purchaseId }),
    ).toEqual({
      ok: true,
      data: { status: "expired" },
    });
    expect(await eventsOf(team.workspace.id)).toEqual([]);
  });

  it("a paid checkout can't be cancelled", async () => {
    const team = await makeTeam();
    const started = await abandoned(team);
    await pay(team, started, "4242424242424242");
    expect(
      await cancelCheckoutAction({ workspaceId: team.workspace.id, purchaseId: started.purchaseId }),
    ).toMatchObject({
      ok: false,
      error: { code: "conflict" },
    });
  });
});
