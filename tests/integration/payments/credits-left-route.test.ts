// The profile menu's Credits Left: the pool by type for owners and admins, a member's own allowance
// for members, and never the pool for a member.
import "../../support/actions";
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { GET as getCreditsLeft } from "@/app/api/workspaces/[workspaceId]/credits-left/route";
import { getBalance, spend } from "@/lib/ledger";
import { actAs } from "../../support/actions";
import { makeTeam } from "../../support/access";
import { ensureTestRates, fund, testContext, unitGeneration } from "../../support/db";

let team: Awaited<ReturnType<typeof makeTeam>>;

beforeAll(async () => {
  await ensureTestRates();
  team = await makeTeam();
  const ctx = testContext(new Date());
  const inAWeek = new Date(ctx.clock.now().getTime() + 7 * 86_400_000).toISOString();
  await fund(ctx, team.workspace.id, 100, { type: "free", expiresAt: inAWeek });
  await fund(ctx, team.workspace.id, 2_000, { type: "subscription", expiresAt: inAWeek });
  await fund(ctx, team.workspace.id, 1_000);
  await spend(ctx, {
    workspaceId: team.workspace.id,
    membershipId: team.member.membership.id,
    ...unitGeneration(30),
    idempotencyKey: randomUUID(),
  });
});

async function call(): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await getCreditsLeft(new Request("http://creditpool.test/api"), {
    params: Promise.resolve({ workspaceId: team.workspace.id }),
  });
  expect(response.headers.get("cache-control")).toBe("no-store");
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe("GET /api/workspaces/:id/credits-left", () => {
  it.each(["owner", "admin"] as const)(
    "gives the %s the pool, split by type as the Credits card reads it",
    async (role) => {
      actAs(team[role].user);
      const { status, body } = await call();
      expect(status).toBe(200);
      const balance = await getBalance(testContext(new Date()), team.workspace.id);
      // Spending draws free credits first: 30 of the 100.
      expect(body).toEqual({
        kind: "pool",
        total: balance?.total,
        byType: [
          { type: "free", amount: 70 },
          { type: "subscription", amount: 2_000 },
          { type: "top_up", amount: 1_000 },
        ],
      });
      expect(balance?.total).toBe(3_070);
    },
  );

  it("gives a member their own allowance left, and nothing of the pool", async () => {
    actAs(team.member.user);
    const { status, body } = await call();
    expect(status).toBe(200);
    expect(body).toMatchObject({ kind: "allowance", limit: 1_000, used: 30, remaining: 970 });
    expect(body).not.toHaveProperty("total");
    expect(body).not.toHaveProperty("byType");
    expect(JSON.stringify(body)).not.toContain("3070");
  });

  it("says Unlimited (null) for a member without a monthly limit", async () => {
    actAs(team.other.user);
    const { body } = await call();
    expect(body).toMatchObject({ kind: "allowance", limit: null, remaining: null, used: 0 });
  });
});
