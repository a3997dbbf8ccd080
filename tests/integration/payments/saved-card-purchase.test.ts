// Purchase Credits with the card on file (test mode's stand-in, the same fulfilment as Stripe's):
// one confirmation charges the default card; credits are added once however many times the request,
// the confirmation and the webhook come; 3-D Secure is finished in the page; a decline adds nothing.
import "../../support/actions";
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import Stripe from "stripe";
import { describe, expect, it } from "vitest";
import { creditEvents, creditPurchases, ledgerEntries } from "@/db/schema";
import { finishSavedCardPurchaseAction } from "@/lib/actions/credits/finish-saved-card-purchase";
import { purchaseWithSavedCardAction } from "@/lib/actions/credits/purchase-with-saved-card";
import { addPaymentMethodAction } from "@/lib/actions/payment-methods/add-payment-method";
import { getBalance } from "@/lib/ledger";
import { getWebhookSecret } from "@/lib/payments";
import { handleStripeWebhook } from "@/lib/payments/webhooks";
import { actAs } from "../../support/actions";
import { makeTeam } from "../../support/access";
import { testContext, testDb } from "../../support/db";

type Team = Awaited<ReturnType<typeof makeTeam>>;
type TestCard = "pm_card_visa" | "pm_card_chargeDeclinedInsufficientFunds" | "pm_card_authenticationRequired";

async function teamWithCard(testPaymentMethod: TestCard) {
  const team = await makeTeam();
  actAs(team.admin.user);
  const added = await addPaymentMethodAction({ workspaceId: team.workspace.id, testPaymentMethod });
  if (!added.ok) throw new Error(added.error.message);
  expect(added.data.isDefault).toBe(true);
  return { team, card: added.data };
}

async function stateOf(team: Team) {
  const db = testDb();
  const balance = await getBalance(testContext(new Date()), team.workspace.id);
  const where = eq(ledgerEntries.workspaceId, team.workspace.id);
  return {
    balance: balance?.total,
    entries: await db.select().from(ledgerEntries).where(where),
    purchases: await db
      .select()
      .from(creditPurchases)
      .where(eq(creditPurchases.workspaceId, team.workspace.id)),
    events: await db.select().from(creditEvents).where(eq(creditEvents.workspaceId, team.workspace.id)),
  };
}

const buy = (team: Team, paymentMethodId: string, requestId: string = randomUUID(), credits = 5_000) =>
  purchaseWithSavedCardAction({ workspaceId: team.workspace.id, credits, paymentMethodId, requestId });

describe("purchase with the card on file", () => {
  it("charges the default card in one confirmation and adds the credits exactly once under concurrent repeats and a replayed webhook", async () => {
    const { team, card } = await teamWithCard("pm_card_visa");
    const requestId = randomUUID();
    const results = await Promise.all(Array.from({ length: 5 }, () => buy(team, card.id, requestId)));
    for (const result of results) expect(result).toMatchObject({ ok: true });
    expect(results.some((r) => r.ok && r.data.status === "paid")).toBe(true);
    const after = await stateOf(team);
    expect(after.balance).toBe(5_000);
    expect(after.purchases).toHaveLength(1);
    const [purchase] = after.purchases;
    expect(purchase).toMatchObject({
      status: "paid",
      credits: 5_000,
      amountCents: 5_000,
      checkoutSessionId: null,
    });
    expect(purchase?.paymentIntentId).toMatch(/^pi_test_local_/);
    const topUps = after.entries.filter((e) => e.code === "top_up");
    expect(topUps).toHaveLength(1);
    // The key is the system's own (a client key can never be "stripe:…"), named by the PaymentIntent.
    expect(topUps[0]?.idempotencyKey).toBe(`stripe:${purchase?.paymentIntentId}`);

    // Stripe replays payment_intent.succeeded (a new event id for the same PaymentIntent): nothing more.
    const secret = getWebhookSecret()!;
    const event = {
      id: `evt_${randomUUID().replaceAll("-", "")}`,
      object: "event",
      type: "payment_intent.succeeded",
      data: {
        object: {
          id: purchase?.paymentIntentId,
          object: "payment_intent",
          status: "succeeded",
          metadata: { purchaseId: purchase?.id, workspaceId: team.workspace.id, kind: "saved_card" },
        },
      },
    };
    const payload = JSON.stringify(event);
    const header = new Stripe("sk_test_signing").webhooks.generateTestHeaderString({ payload, secret });
    expect(await handleStripeWebhook(testContext(new Date()), payload, header, secret)).toMatchObject({
      status: 200,
      body: { handled: "already_paid" },
    });
    // And the same request once more, later: the same purchase, still paid once.
    expect(await buy(team, card.id, requestId)).toMatchObject({ ok: true, data: { status: "paid" } });
    const final = await stateOf(team);
    expect(final.balance).toBe(5_000);
    expect(final.entries.filter((e) => e.code === "top_up")).toHaveLength(1);
    expect(final.events).toEqual([]);
  });

  it("a card that asks for 3-D Secure waits for the confirmation step in the page; failing it adds nothing, completing it pays once", async () => {
    const { team, card } = await teamWithCard("pm_card_authenticationRequired");
    const first = await buy(team, card.id);
    expect(first).toMatchObject({ ok: true, data: { status: "requires_action", clientSecret: null } });
    if (!first.ok || first.data.status !== "requires_action") return;
    expect((await stateOf(team)).balance).toBe(0);
    const failed = await finishSavedCardPurchaseAction({
      workspaceId: team.workspace.id,
      purchaseId: first.data.purchaseId,
      testOutcome: "fail",
    });
    expect(failed).toMatchObject({
      ok: true,
      data: { status: "failed", message: expect.stringMatching(/bank/) },
    });
    expect((await stateOf(team)).balance).toBe(0);

    const second = await buy(team, card.id);
    if (!second.ok || second.data.status !== "requires_action") throw new Error("expected requires_action");
    const finish = () =>
      finishSavedCardPurchaseAction({
        workspaceId: team.workspace.id,
        purchaseId: second.data.purchaseId,
        testOutcome: "authenticate",
      });
    const finished = await Promise.all([finish(), finish()]);
    expect(finished.some((r) => r.ok && r.data.status === "paid")).toBe(true);
    const after = await stateOf(team);
    expect(after.balance).toBe(5_000);
    expect(after.entries.filter((e) => e.code === "top_up")).toHaveLength(1);
    // The buyer was in the page for both outcomes: nobody gets a "Payment failed".
    expect(after.events).toEqual([]);
  });

  it("a declined card adds nothing, says why and raises no failure notice", async () => {
    const { team, card } = await teamWithCard("pm_card_chargeDeclinedInsufficientFunds");
    const result = await buy(team, card.id);
    expect(result).toEqual({
      ok: true,
      data: {
        status: "failed",
        purchaseId: expect.any(String),
        message: "Your card has insufficient funds.",
      },
    });
    const after = await stateOf(team);
    expect(after).toMatchObject({ balance: 0, entries: [], events: [] });
    expect(after.purchases).toMatchObject([{ status: "failed", failureCode: "insufficient_funds" }]);
  });

  it("refuses another workspace's card, a card that is no longer the default, and members, writing nothing", async () => {
    const { team, card } = await teamWithCard("pm_card_visa");
    const { card: foreign } = await teamWithCard("pm_card_visa");
    actAs(team.admin.user);
    expect(await buy(team, foreign.id)).toMatchObject({ ok: false, error: { code: "not_found" } });
    const second = await addPaymentMethodAction({
      workspaceId: team.workspace.id,
      testPaymentMethod: "pm_card_visa",
    });
    if (!second.ok) throw new Error(second.error.message);
    expect(second.data.isDefault).toBe(false);
    expect(await buy(team, second.data.id)).toMatchObject({ ok: false, error: { code: "conflict" } });
    actAs(team.member.user);
    expect(await buy(team, card.id)).toMatchObject({ ok: false, error: { code: "forbidden" } });
    expect(
      await purchaseWithSavedCardAction({
        workspaceId: team.workspace.id,
        credits: 5_000,
        paymentMethodId: "not a card",
        requestId: randomUUID(),
      }),
    ).toMatchObject({ ok: false });
    expect(await stateOf(team)).toMatchObject({ balance: 0, purchases: [], entries: [], events: [] });
  });
});
