// The Credits card's JSON route and the CSV export, for someone allowed to see them.
import "../../support/actions";
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { users } from "@/db/schema";
import { GET as getCredits } from "@/app/api/workspaces/[workspaceId]/credits/route";
import { GET as exportCsv } from "@/app/api/workspaces/[workspaceId]/transactions/export/route";
import { spend } from "@/lib/ledger";
import { actAs } from "../../support/actions";
import { makeTeam } from "../../support/access";
import { ensureTestRates, fund, testContext, testDb, unitGeneration } from "../../support/db";

let team: Awaited<ReturnType<typeof makeTeam>>;

beforeAll(async () => {
  await ensureTestRates();
  team = await makeTeam();
  const ctx = testContext(new Date());
  await fund(ctx, team.workspace.id, 1_000);
  // A member whose name a spreadsheet would treat as a formula.
  await testDb().update(users).set({ name: "=HYPERLINK(1)" }).where(eq(users.id, team.member.user.id));
  for (let i = 1; i <= 3; i += 1) {
    await spend(ctx, {
      workspaceId: team.workspace.id,
      membershipId: team.member.membership.id,
      ...unitGeneration(i * 10),
      idempotencyKey: randomUUID(),
    });
  }
});

const call = (handler: typeof getCredits, query = "") =>
  handler(new Request(`http://creditpool.test/api${query}`), {
    params: Promise.resolve({ workspaceId: team.workspace.id }),
  });

describe("credits routes", () => {
  it("returns the card's figures with the 5 most recent movements", async () => {
    actAs(team.admin.user);
    const response = await call(getCredits);
    expect(response.status).toBe(200);
    const body = (await response.json()) as {
      balance: { total: number; lifetimeAdded: number; lifetimeSpent: number };
      recent: { amount: number; balanceAfter: number }[];
      isLow: boolean;
      threshold: number;
    };
    expect(body.balance).toMatchObject({ total: 940, lifetimeAdded: 1_000, lifetimeSpent: 60 });
    expect(body.recent.map((t) => [t.amount, t.balanceAfter])).toEqual([
      [-30, 940],
      [-20, 970],
      [-10, 990],
      [1_000, 1_000],
    ]);
    expect(body).toMatchObject({ threshold: 500, isLow: false });
  });

  it("exports the filtered history as CSV, formulas defused", async () => {
    actAs(team.owner.user);
    const response = await call(exportCsv, `?type=spend&member=${team.member.membership.id}`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/text\/csv/);
    expect(response.headers.get("content-disposition")).toMatch(
      new RegExp(`${team.workspace.slug}-transactions-`),
    );
    const lines = (await response.text()).trim().split("\n");
    expect(lines[0]).toBe(
      "id,time,type,member,member_email,feature,model,amount,free,subscription,top_up,adjustment,balance_after,reference",
    );
    expect(lines).toHaveLength(4);
    expect(lines.slice(1).map((line) => line.split(",")[7])).toEqual(["-30", "-20", "-10"]);
    expect(lines[1]).toContain("Consumption,'=HYPERLINK(1)");
    const all = (await (await call(exportCsv)).text()).trim().split("\n");
    expect(all).toHaveLength(5);
  });
});
