// An Enterprise team with auto top-up switched on through the dialog's own actions.
import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { autoTopUpSettings, creditAccounts, creditPurchases, workspaces } from "@/db/schema";
import { saveAutoTopUpAction } from "@/lib/actions/credits/save-auto-top-up";
import { saveCardAction } from "@/lib/actions/credits/save-card";
import type { Deps } from "@/lib/deps";
import { spend } from "@/lib/ledger";
import { actAs } from "./actions";
import { makeTeam } from "./access";
import { testDb, unitGeneration } from "./db";

export type Card =
  "pm_card_visa" | "pm_card_chargeDeclinedInsufficientFunds" | "pm_card_authenticationRequired";

export async function enterpriseTeam() {
  const team = await makeTeam();
  const [workspace] = await testDb()
    .update(workspaces)
    .set({ plan: "enterprise" })
    .where(eq(workspaces.id, team.workspace.id))
    .returning();
  return { ...team, workspace: workspace! };
}

/** Switches auto top-up on: `threshold` and `credits` per top-up, with this test card. */
export async function enableAutoTopUp(
  team: Awaited<ReturnType<typeof enterpriseTeam>>,
  options: { card?: Card; threshold?: number; credits?: number; monthlyCapCents?: number | null } = {},
) {
  actAs(team.owner.user);
  const card = await saveCardAction({
    workspaceId: team.workspace.id,
    testPaymentMethod: options.card ?? "pm_card_visa",
  });
  if (!card.ok) throw new Error(card.error.message);
  const saved = await saveAutoTopUpAction({
    workspaceId: team.workspace.id,
    enabled: true,
    threshold: options.threshold ?? 1_000,
    credits: options.credits ?? 5_000,
    monthlyCapCents: options.monthlyCapCents ?? null,
  });
  if (!saved.ok) throw new Error(JSON.stringify(saved.error));
  return saved.data;
}

export async function spendCredits(ctx: Deps, workspaceId: string, membershipId: string, credits: number) {
  const outcome = await spend(ctx, {
    workspaceId,
    membershipId,
    ...unitGeneration(credits),
    idempotencyKey: randomUUID(),
  });
  if (!outcome.ok) throw new Error(`spend refused: ${outcome.code}`);
  return outcome;
}

export async function autoTopUps(workspaceId: string) {
  return testDb()
    .select()
    .from(creditPurchases)
    .where(and(eq(creditPurchases.workspaceId, workspaceId), eq(creditPurchases.kind, "auto_top_up")))
    .orderBy(creditPurchases.createdAt);
}

/** The workspace's auto top-up settings row. */
export async function settingsOf(workspaceId: string) {
  const [row] = await testDb()
    .select()
    .from(autoTopUpSettings)
    .where(eq(autoTopUpSettings.workspaceId, workspaceId));
  return row!;
}

/** The workspace's credit account row. */
export async function accountOf(workspaceId: string) {
  const [row] = await testDb()
    .select()
    .from(creditAccounts)
    .where(eq(creditAccounts.workspaceId, workspaceId));
  return row!;
}
