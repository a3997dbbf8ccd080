// The Auto Top Up dialog's actions: what they accept, what they refuse (with field errors and
// nothing written), who may use them, and that every change is audited with the alert threshold
// following in the same transaction.
import "../../support/actions";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditEvents, autoTopUpSettings, creditAccounts } from "@/db/schema";
import { saveAutoTopUpAction } from "@/lib/actions/credits/save-auto-top-up";
import { saveCardAction } from "@/lib/actions/credits/save-card";
import { startCardSetupAction } from "@/lib/actions/credits/start-card-setup";
import { actAs } from "../../support/actions";
import { makeTeam } from "../../support/access";
import { enterpriseTeam } from "../../support/auto-top-up";
import { testDb } from "../../support/db";

const valid = { enabled: true, threshold: 2_000, credits: 25_000, monthlyCapCents: 100_000 };

async function stateOf(workspaceId: string) {
  const db = testDb();
  const [settings] = await db
    .select()
    .from(autoTopUpSettings)
    .where(eq(autoTopUpSettings.workspaceId, workspaceId));
  const [account] = await db.select().from(creditAccounts).where(eq(creditAccounts.workspaceId, workspaceId));
  const audits = await db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.workspaceId, workspaceId), eq(auditEvents.action, "auto_top_up.changed")))
    .orderBy(auditEvents.id);
  return { settings: settings ?? null, account: account!, audits };
}

describe("saveAutoTopUpAction", () => {
  it("is refused on plans without auto top-up, saying it is an Enterprise feature", async () => {
    const team = await makeTeam();
    actAs(team.owner.user);
    const result = await saveAutoTopUpAction({ workspaceId: team.workspace.id, ...valid, enabled: false });
    expect(result).toMatchObject({
      ok: false,
      error: { code: "forbidden", message: expect.stringMatching(/Enterprise/) },
    });
    expect((await stateOf(team.workspace.id)).settings).toBeNull();
    expect(await startCardSetupAction({ workspaceId: team.workspace.id })).toMatchObject({
      ok: false,
      error: { code: "forbidden" },
    });
    expect(
      await saveCardAction({ workspaceId: team.workspace.id, testPaymentMethod: "pm_card_visa" }),
    ).toMatchObject({ ok: false, error: { code: "forbidden" } });
  });

  it.each([
    [
      "a threshold above the purchase amount",
      { threshold: 30_000 },
      "threshold",
      /at or below the purchase amount/,
    ],
    ["a negative threshold", { threshold: -1 }, "threshold", /negative/],
    ["an amount below the plan's bounds", { credits: 500, threshold: 0 }, "credits", /at least 1,000/],
    ["an amount above the plan's bounds", { credits: 2_000_000 }, "credits", /at most 1,000,000/],
    ["an amount off the step", { credits: 25_050 }, "credits", /steps of 100/],
    [
      "a cap below one top-up",
      { monthlyCapCents: 10_000 },
      "monthlyCapCents",
      /at least one top-up \(\$237\.50\)/,
    ],
    ["a zero cap", { monthlyCapCents: 0 }, "monthlyCapCents", /above \$0/],
  ])("refuses %s with a field error and writes nothing", async (_name, change, field, message) => {
    const team = await enterpriseTeam();
    actAs(team.owner.user);
    const before = await stateOf(team.workspace.id);
    const result = await saveAutoTopUpAction({ workspaceId: team.workspace.id, ...valid, ...change });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe("invalid_input");
    expect(result.error.fieldErrors?.[field]?.join(" ")).toMatch(message);
    expect(await stateOf(team.workspace.id)).toEqual(before);
  });

  it("won't switch on without a card", async () => {
    const team = await enterpriseTeam();
    actAs(team.owner.user);
    const result = await saveAutoTopUpAction({ workspaceId: team.workspace.id, ...valid });
    expect(result).toMatchObject({
      ok: false,
      error: { code: "invalid_input", fieldErrors: { paymentMethod: [expect.any(String)] } },
    });
    expect((await stateOf(team.workspace.id)).settings).toBeNull();
  });

  it("lets an admin add a test card and switch it on and off; the trigger's threshold follows, and each change is audited", async () => {
    const team = await enterpriseTeam();
    actAs(team.admin.user);
    expect(await startCardSetupAction({ workspaceId: team.workspace.id })).toEqual({
      ok: true,
      data: { mode: "test" },
    });
    expect(
      await saveCardAction({ workspaceId: team.workspace.id, testPaymentMethod: "pm_card_visa" }),
    ).toEqual({
      ok: true,
      data: { brand: "visa", last4: "4242" },
    });
    const saved = await saveAutoTopUpAction({ workspaceId: team.workspace.id, ...valid });
    expect(saved).toEqual({
      ok: true,
      data: { enabled: true, threshold: 2_000, credits: 25_000, amountCents: 23_750 },
    });
    let state = await stateOf(team.workspace.id);
    expect(state.settings).toMatchObject({
      isEnabled: true,
      threshold: 2_000,
      credits: 25_000,
      amountCents: 23_750,
      monthlyCapCents: 100_000,
      paymentMethodLast4: "4242",
      provider: "test",
    });
    expect(state.account).toMatchObject({ autoTopUpThreshold: 2_000, lowBalanceThreshold: 2_000 });
    expect(state.audits.map((a) => a.after)).toEqual([
      { paymentMethod: "visa •••• 4242" },
      { enabled: true, threshold: 2_000, credits: 25_000, amountCents: 23_750, monthlyCapCents: 100_000 },
    ]);
    expect(state.audits.every((a) => a.actorUserId === team.admin.user.id)).toBe(true);

    // Saving the same settings again records nothing new.
    await saveAutoTopUpAction({ workspaceId: team.workspace.id, ...valid });
    expect((await stateOf(team.workspace.id)).audits).toHaveLength(2);

    const off = await saveAutoTopUpAction({
      workspaceId: team.workspace.id,
      ...valid,
      enabled: false,
      monthlyCapCents: null,
    });
    expect(off.ok).toBe(true);
    state = await stateOf(team.workspace.id);
    expect(state.settings).toMatchObject({ isEnabled: false, threshold: 2_000, monthlyCapCents: null });
    // Off: the trigger watches nothing, and low balance falls back to the workspace's own threshold.
    expect(state.account).toMatchObject({
      autoTopUpThreshold: null,
      lowBalanceThreshold: team.workspace.lowBalanceThreshold,
    });
    expect(state.audits.at(-1)).toMatchObject({
      before: { enabled: true },
      after: { enabled: false, monthlyCapCents: null },
    });
  });

  it("refuses an unknown test card", async () => {
    const team = await enterpriseTeam();
    actAs(team.owner.user);
    const result = await saveCardAction({
      workspaceId: team.workspace.id,
      testPaymentMethod: "pm_card_mastercard" as never,
    });
    expect(result).toMatchObject({
      ok: false,
      error: { code: "invalid_input", fieldErrors: { testPaymentMethod: [expect.any(String)] } },
    });
  });
});
