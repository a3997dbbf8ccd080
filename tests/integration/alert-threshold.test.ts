// The low-balance alert threshold copied onto the credit account: set when a workspace is created,
// kept in step with the Low Balance setting, and never counted as a fresh crossing by itself.
import "../support/actions";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { creditAccounts, workspaces } from "@/db/schema";
import { updateLowBalanceThresholdAction } from "@/lib/actions/credits/update-low-balance-threshold";
import { syncAlertThreshold } from "@/db/queries/credit-accounts";
import { actAs } from "../support/actions";
import { makeTeam } from "../support/access";
import { fund, testContext, testDb } from "../support/db";

let team: Awaited<ReturnType<typeof makeTeam>>;

async function account() {
  const [row] = await testDb()
    .select()
    .from(creditAccounts)
    .where(eq(creditAccounts.workspaceId, team.workspace.id));
  if (!row) throw new Error("no account");
  return row;
}

beforeAll(async () => {
  team = await makeTeam();
  await fund(testContext(new Date()), team.workspace.id, 1_000);
});

describe("alert threshold", () => {
  it("starts at the workspace's Low Balance threshold", async () => {
    const row = await account();
    expect(row.lowBalanceThreshold).toBe(team.workspace.lowBalanceThreshold);
    expect(row.autoTopUpThreshold).toBeNull();
  });

  it("follows the Low Balance setting; a balance already below it counts as alerted", async () => {
    actAs(team.owner.user);
    const raised = await updateLowBalanceThresholdAction({
      workspaceId: team.workspace.id,
      threshold: 2_000,
    });
    expect(raised.ok).toBe(true);
    expect(await account()).toMatchObject({ lowBalanceThreshold: 2_000, lowBalanceAlerted: true });
    const lowered = await updateLowBalanceThresholdAction({ workspaceId: team.workspace.id, threshold: 100 });
    expect(lowered.ok).toBe(true);
    expect(await account()).toMatchObject({ lowBalanceThreshold: 100, lowBalanceAlerted: false });
  });

  it("uses the auto top-up threshold while auto top-up is on", async () => {
    await testDb()
      .update(creditAccounts)
      .set({ autoTopUpThreshold: 700 })
      .where(eq(creditAccounts.workspaceId, team.workspace.id));
    expect(await syncAlertThreshold(testDb(), team.workspace.id, 5_000)).toBe(700);
    await testDb()
      .update(creditAccounts)
      .set({ autoTopUpThreshold: null })
      .where(eq(creditAccounts.workspaceId, team.workspace.id));
    expect(await syncAlertThreshold(testDb(), team.workspace.id, 5_000)).toBe(100);
  });

  it("uses the plan's default while no threshold is set", async () => {
    await testDb()
      .update(workspaces)
      .set({ lowBalanceThreshold: null })
      .where(eq(workspaces.id, team.workspace.id));
    expect(await syncAlertThreshold(testDb(), team.workspace.id, 5_000)).toBe(5_000);
    expect(await account()).toMatchObject({ lowBalanceThreshold: 5_000, lowBalanceAlerted: true });
  });
});
