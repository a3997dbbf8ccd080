// Buying credits in test mode: the same fulfilment path as Stripe, nothing added before payment.
import "../../support/actions";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { creditEvents, creditPurchases, notifications, workspaces } from "@/db/schema";
import { completeTestCheckoutAction } from "@/lib/actions/credits/complete-test-checkout";
import { startPurchaseAction } from "@/lib/actions/credits/start-purchase";
import { getBalance } from "@/lib/ledger";
import { actAs } from "../../support/actions";
import { makeTeam } from "../../support/access";
import { testContext, testDb } from "../../support/db";

async function start(team: Awaited<ReturnType<typeof makeTeam>>, credits: number) {
  actAs(team.admin.user);
  const started = await startPurchaseAction({ workspaceId: team.workspace.id, credits });
  if (!started.ok) throw new Error(started.error.message);
  return started.data;
}

const balanceOf = async (workspaceId: string) =>
  (await getBalance(testContext(new Date()), workspaceId))?.total;

describe("test-mode purchases", () => {
  it("opens a local checkout at the server's price and adds nothing until it is paid", async () => {
    const team = await makeTeam();
    const started = await start(team, 25_000);
    expect(started).toMatchObject({
      mode: "test",
      credits: 25_000,
      amountCents: 23_750,
      checkout: { kind: "redirect" },
    });
    expect(started.checkout.kind === "redirect" && started.checkout.url).toBe(
      `/w/${team.workspace.slug}/settings/billing/test-checkout/${started.checkout.sessionId}`,
    );
    expect(await balanceOf(team.workspace.id)).toBe(0);
    const [ws] = await testDb().select().from(workspaces).where(eq(workspaces.id, team.workspace.id));
    expect(ws?.stripeCustomerId).toMatch(/^cus_test_/);

    const paid = await completeTestCheckoutAction({
      workspaceId: team.workspace.id,
      sessionId: started.checkout.sessionId,
      action: "pay",
      cardNumber: "4242 4242 4242 4242",
    });
    expect(paid).toEqual({ ok: true, data: { status: "paid", message: null } });
    expect(await balanceOf(team.workspace.id)).toBe(25_000);
    // Paying again changes nothing.
    await completeTestCheckoutAction({
      workspaceId: team.workspace.id,
      sessionId: started.checkout.sessionId,
      action: "pay",
      cardNumber: "4242424242424242",
    });
    expect(await balanceOf(team.workspace.id)).toBe(25_000);
  });

  // Issue 17, point 12: the checkout stays open after a decline, so no "Payment failed" is raised
  // (bell or email) when it then succeeds with another card.
  it("a declined test card adds nothing and says why; a later good card pays and no failure is left behind", async () => {
    const team = await makeTeam();
    const started = await start(team, 5_000);
    const declined = await completeTestCheckoutAction({
      workspaceId: team.workspace.id,
      sessionId: started.checkout.sessionId,
      action: "pay",
      cardNumber: "4000000000009995",
    });
    expect(declined).toEqual({
      ok: true,
      data: { status: "declined", message: "Your card has insufficient funds." },
    });
    expect(await balanceOf(team.workspace.id)).toBe(0);
    const eventsOf = () =>
      testDb().select().from(creditEvents).where(eq(creditEvents.workspaceId, team.workspace.id));
    expect(await eventsOf()).toEqual([]);
    const retry = await completeTestCheckoutAction({
      workspaceId: team.workspace.id,
      sessionId: started.checkout.sessionId,
      action: "pay",
      cardNumber: "4242424242424242",
    });
    expect(retry).toMatchObject({ ok: true, data: { status: "paid" } });
    expect(await balanceOf(team.workspace.id)).toBe(5_000);
    expect(await eventsOf()).toEqual([]);
    const bell = await testDb()
      .select()
      .from(notifications)
      .where(eq(notifications.workspaceId, team.workspace.id));
    expect(bell).toEqual([]);
  });

  it("cancelling expires the checkout; unknown cards and other workspaces' checkouts are refused", async () => {
    const team = await makeTeam();
    const other = await makeTeam();
    const started = await start(team, 1_000);
    actAs(other.owner.user);
    expect(
      await completeTestCheckoutAction({
        workspaceId: other.workspace.id,
        sessionId: started.checkout.sessionId,
        action: "pay",
        cardNumber: "4242424242424242",
      }),
    ).toMatchObject({ ok: false, error: { code: "not_found" } });
    actAs(team.owner.user);
    expect(
      await completeTestCheckoutAction({
        workspaceId: team.workspace.id,
        sessionId: started.checkout.sessionId,
        action: "pay",
        cardNumber: "1234123412341234",
      }),
    ).toMatchObject({ ok: false, error: { code: "invalid_input" } });
    expect(
      await completeTestCheckoutAction({
        workspaceId: team.workspace.id,
        sessionId: started.checkout.sessionId,
        action: "cancel",
      }),
    ).toMatchObject({
      ok: true,
      data: { status: "expired" },
    });
    const [purchase] = await testDb()
      .select()
      .from(creditPurchases)
      .where(eq(creditPurchases.checkoutSessionId, started.checkout.sessionId));
    expect(purchase?.status).toBe("expired");
    expect(await balanceOf(team.workspace.id)).toBe(0);
  });

  it("validates the amount and refuses workspaces whose plan needs an active subscription", async () => {
    const team = await makeTeam();
    actAs(team.owner.user);
    for (const credits of [999, 1_000_100, 1_050, 1.5, -5_000]) {
      expect(await startPurchaseAction({ workspaceId: team.workspace.id, credits })).toMatchObject({
        ok: false,
        error: { code: "invalid_input" },
      });
    }
    await testDb()
      .update(workspaces)
      .set({ subscriptionStatus: "canceled" })
      .where(eq(workspaces.id, team.workspace.id));
    const refused = await startPurchaseAction({ workspaceId: team.workspace.id, credits: 5_000 });
    expect(refused).toMatchObject({ ok: false, error: { code: "forbidden" } });
    expect(refused.ok === false && refused.error.message).toMatch(/active subscription/);
    expect(
      await testDb().select().from(creditPurchases).where(eq(creditPurchases.workspaceId, team.workspace.id)),
    ).toEqual([]);
  });
});
