// Payment methods on Credits & Billing (test mode's stand-in): list, add, make default, remove, who
// may, and that another workspace's card id is refused with nothing written anywhere.
import "../../support/actions";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditEvents, autoTopUpSettings, testModePaymentMethods, workspaces } from "@/db/schema";
import { saveCardAction } from "@/lib/actions/credits/save-card";
import { addPaymentMethodAction } from "@/lib/actions/payment-methods/add-payment-method";
import { makeDefaultPaymentMethodAction } from "@/lib/actions/payment-methods/make-default-payment-method";
import { removePaymentMethodAction } from "@/lib/actions/payment-methods/remove-payment-method";
import { actAs } from "../../support/actions";
import { makeTeam } from "../../support/access";
import { enterpriseTeam } from "../../support/auto-top-up";
import { testDb } from "../../support/db";

type Team = Awaited<ReturnType<typeof makeTeam>>;

async function cardsOf(workspaceId: string) {
  return testDb()
    .select()
    .from(testModePaymentMethods)
    .where(eq(testModePaymentMethods.workspaceId, workspaceId))
    .orderBy(testModePaymentMethods.createdAt, testModePaymentMethods.id);
}

async function add(team: Team, testPaymentMethod: "pm_card_visa" | "pm_card_authenticationRequired") {
  const added = await addPaymentMethodAction({ workspaceId: team.workspace.id, testPaymentMethod });
  if (!added.ok) throw new Error(added.error.message);
  return added.data;
}

const audits = (workspaceId: string) =>
  testDb()
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.workspaceId, workspaceId), eq(auditEvents.action, "payment_method.changed")))
    .orderBy(auditEvents.id);

describe("payment methods", () => {
  it("adds cards (the first is the default), makes another the default, and removes one, auditing each", async () => {
    const team = await makeTeam();
    actAs(team.owner.user);
    const first = await add(team, "pm_card_visa");
    const second = await add(team, "pm_card_authenticationRequired");
    expect(first.isDefault).toBe(true);
    expect(second.isDefault).toBe(false);
    expect((await cardsOf(team.workspace.id)).map((c) => [c.last4, c.isDefault])).toEqual([
      ["4242", true],
      ["3184", false],
    ]);
    expect(
      await makeDefaultPaymentMethodAction({ workspaceId: team.workspace.id, paymentMethodId: second.id }),
    ).toEqual({ ok: true, data: { id: second.id } });
    expect((await cardsOf(team.workspace.id)).map((c) => c.isDefault)).toEqual([false, true]);
    expect(
      await removePaymentMethodAction({ workspaceId: team.workspace.id, paymentMethodId: first.id }),
    ).toEqual({
      ok: true,
      data: { id: first.id },
    });
    expect((await cardsOf(team.workspace.id)).map((c) => c.id)).toEqual([second.id]);
    expect((await audits(team.workspace.id)).map((a) => (a.after as { change: string }).change)).toEqual([
      "added",
      "added",
      "made_default",
      "removed",
    ]);
  });

  it("keeps the default card: another must be made the default first, and the subscription's only card stays", async () => {
    const team = await makeTeam();
    actAs(team.admin.user);
    const first = await add(team, "pm_card_visa");
    const only = await removePaymentMethodAction({
      workspaceId: team.workspace.id,
      paymentMethodId: first.id,
    });
    expect(only).toMatchObject({
      ok: false,
      error: {
        code: "conflict",
        message: expect.stringMatching(/pays for the subscription.*Add another card/),
      },
    });
    await add(team, "pm_card_authenticationRequired");
    expect(
      await removePaymentMethodAction({ workspaceId: team.workspace.id, paymentMethodId: first.id }),
    ).toMatchObject({
      ok: false,
      error: { code: "conflict", message: expect.stringMatching(/Make another card the default first/) },
    });
    expect(await cardsOf(team.workspace.id)).toHaveLength(2);
    // Without a subscription (or auto top-up) the last card may go.
    const free = await makeTeam();
    await testDb()
      .update(workspaces)
      .set({ subscriptionStatus: "none", plan: "free" })
      .where(eq(workspaces.id, free.workspace.id));
    actAs(free.owner.user);
    const card = await add(free, "pm_card_visa");
    expect(
      await removePaymentMethodAction({ workspaceId: free.workspace.id, paymentMethodId: card.id }),
    ).toMatchObject({
      ok: true,
    });
    expect(await cardsOf(free.workspace.id)).toEqual([]);
  });

  it("refuses another workspace's card id and other roles, with nothing written in either workspace", async () => {
    const team = await makeTeam();
    const other = await makeTeam();
    actAs(team.owner.user);
    const mine = await add(team, "pm_card_visa");
    actAs(other.owner.user);
    const theirs = await add(other, "pm_card_visa");
    await add(other, "pm_card_authenticationRequired");
    const before = [await cardsOf(team.workspace.id), await cardsOf(other.workspace.id)];
    const auditsBefore = (await audits(team.workspace.id)).length + (await audits(other.workspace.id)).length;

    actAs(team.owner.user);
    for (const action of [makeDefaultPaymentMethodAction, removePaymentMethodAction]) {
      expect(await action({ workspaceId: team.workspace.id, paymentMethodId: theirs.id })).toMatchObject({
        ok: false,
        error: { code: "not_found" },
      });
      expect(
        await action({ workspaceId: team.workspace.id, paymentMethodId: "pm_test_local_nope" }),
      ).toMatchObject({
        ok: false,
        error: { code: "not_found" },
      });
      expect(await action({ workspaceId: team.workspace.id, paymentMethodId: "<script>" })).toMatchObject({
        ok: false,
        error: { code: "invalid_input" },
      });
    }
    // A member can't, and an owner of another workspace can't reach this one's cards through it.
    actAs(team.member.user);
    expect(
      await removePaymentMethodAction({ workspaceId: team.workspace.id, paymentMethodId: mine.id }),
    ).toMatchObject({ ok: false, error: { code: "forbidden" } });
    expect(
      await addPaymentMethodAction({ workspaceId: team.workspace.id, testPaymentMethod: "pm_card_visa" }),
    ).toMatchObject({
      ok: false,
      error: { code: "forbidden" },
    });
    actAs(other.owner.user);
    expect(
      await makeDefaultPaymentMethodAction({ workspaceId: team.workspace.id, paymentMethodId: mine.id }),
    ).toMatchObject({ ok: false, error: { code: "not_found" } });
    expect([await cardsOf(team.workspace.id), await cardsOf(other.workspace.id)]).toEqual(before);
    expect((await audits(team.workspace.id)).length + (await audits(other.workspace.id)).length).toBe(
      auditsBefore,
    );
  });

  it("auto top-up's card is the default card: it follows a new default", async () => {
    const team = await enterpriseTeam();
    actAs(team.owner.user);
    const saved = await saveCardAction({ workspaceId: team.workspace.id, testPaymentMethod: "pm_card_visa" });
    expect(saved).toMatchObject({ ok: true, data: { last4: "4242" } });
    const cards = await cardsOf(team.workspace.id);
    expect(cards).toMatchObject([{ last4: "4242", isDefault: true }]);
    const next = await add(team, "pm_card_authenticationRequired");
    await makeDefaultPaymentMethodAction({ workspaceId: team.workspace.id, paymentMethodId: next.id });
    const [settings] = await testDb()
      .select()
      .from(autoTopUpSettings)
      .where(eq(autoTopUpSettings.workspaceId, team.workspace.id));
    expect(settings).toMatchObject({
      paymentMethodId: next.id,
      paymentMethodLast4: "3184",
      provider: "test",
    });
  });
});
