// Member references (email or id) are remembered for a few seconds per process; the ledger checks
// the membership again, so a removed member is refused at once and nothing is charged.
import "../../support/actions";
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { beforeAll, expect, it } from "vitest";
import { memberships } from "@/db/schema";
import { clearMemberCache } from "@/lib/api/v1/members";
import { resetRateLimits } from "@/lib/api/v1/rate-limit";
import { getBalance } from "@/lib/ledger";
import { call, makeApiKey } from "../../support/api";
import { makeTeam } from "../../support/access";
import { ensureTestRates, fund, testContext, testDb } from "../../support/db";

beforeAll(async () => {
  await ensureTestRates();
  resetRateLimits();
  clearMemberCache();
});

it("refuses a member removed after their reference was remembered, and charges them again once restored", async () => {
  const team = await makeTeam();
  const ctx = testContext(new Date());
  await fund(ctx, team.workspace.id, 1_000);
  const { key } = await makeApiKey(team.workspace.id);
  const body = () => ({
    idempotencyKey: randomUUID(),
    member: team.other.user.email.toUpperCase(),
    feature: "unit",
    model: "ten",
    results: 1,
  });
  expect((await call("POST", "/api/v1/usage", { key, body: body() })).status).toBe(201);
  expect((await call("POST", "/api/v1/holds", { key, body: body() })).status).toBe(201);

  await testDb()
    .update(memberships)
    .set({ removedAt: new Date() })
    .where(eq(memberships.id, team.other.membership.id));
  for (const path of ["/api/v1/usage", "/api/v1/holds"]) {
    const refused = await call("POST", path, { key, body: body() });
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({ error: { code: "member_not_found" } });
  }
  expect((await getBalance(ctx, team.workspace.id))?.total).toBe(980);

  await testDb()
    .update(memberships)
    .set({ removedAt: null })
    .where(eq(memberships.id, team.other.membership.id));
  expect((await call("POST", "/api/v1/usage", { key, body: body() })).status).toBe(201);
  expect((await getBalance(ctx, team.workspace.id))?.total).toBe(970);
});
