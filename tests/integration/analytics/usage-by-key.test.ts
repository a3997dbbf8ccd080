// Usage broken down by API key: analytics (getUsageBreakdown's byApiKey and apiKeyId filter, from the
// daily rollups, refunds and a time zone change included) and GET /api/v1/usage (groupBy=apiKey, apiKey=).
import "../../support/actions";
import "../../support/access";
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { beforeAll, expect, it } from "vitest";
import { getUsageBreakdown, listUsageApiKeys } from "@/db/queries/analytics";
import { workspaces } from "@/db/schema";
import { resetRateLimits } from "@/lib/api/v1/rate-limit";
import { refund, spend } from "@/lib/ledger";
import { call, makeApiKey } from "../../support/api";
import { ensureTestRates, fund, makeWorkspace, testContext, testDb, unitGeneration } from "../../support/db";

beforeAll(async () => {
  await ensureTestRates();
  resetRateLimits();
});

it("breaks usage down by API key, net of refunds, in analytics and in the usage API", async () => {
  const now = new Date();
  const ctx = testContext(now);
  const { workspaceId, ownerId } = await makeWorkspace();
  await fund(ctx, workspaceId, 10_000);
  const a = await makeApiKey(workspaceId);
  const b = await makeApiKey(workspaceId);
  const charge = async (credits: number, apiKeyId: string | null) => {
    const outcome = await spend(ctx, {
      workspaceId,
      membershipId: ownerId,
      ...unitGeneration(credits),
      idempotencyKey: randomUUID(),
      apiKeyId,
    });
    if (!outcome.ok) throw new Error(outcome.message);
    return outcome;
  };
  await charge(100, a.id);
  const refunded = await charge(50, a.id);
  await charge(30, b.id);
  await charge(7, null);
  expect(
    await refund(ctx, { workspaceId, entryId: refunded.entryId, amount: 20, idempotencyKey: randomUUID() }),
  ).toMatchObject({ ok: true });

  const day = now.toISOString().slice(0, 10);
  const range = { from: day, to: day };
  const breakdown = await getUsageBreakdown(testDb(), workspaceId, range);
  const byKey = Object.fromEntries(
    breakdown.byApiKey.map((g) => [g.key ?? "none", [g.credits, g.generations]]),
  );
  expect(byKey).toEqual({ [a.id]: [130, 2], [b.id]: [30, 1], none: [7, 1] });
  expect(breakdown.totals.credits).toBe(167);
  // Filtered to one key, everything else in the report is that key's usage.
  expect((await getUsageBreakdown(testDb(), workspaceId, { ...range, apiKeyId: a.id })).totals).toMatchObject(
    {
      credits: 130,
      refunded: 20,
      generations: 2,
    },
  );
  expect(
    (await getUsageBreakdown(testDb(), workspaceId, { ...range, apiKeyId: "none" })).totals.credits,
  ).toBe(7);
  expect((await listUsageApiKeys(testDb(), workspaceId)).map((k) => k.apiKeyId).sort()).toEqual(
    [a.id, b.id].sort(),
  );
  // A time zone change rebuilds the rollups and keeps the keys.
  await testDb().update(workspaces).set({ timeZone: "Asia/Kolkata" }).where(eq(workspaces.id, workspaceId));
  const rebuilt = await getUsageBreakdown(testDb(), workspaceId, {
    from: new Date(now.getTime() - 86_400_000).toISOString().slice(0, 10),
    to: new Date(now.getTime() + 86_400_000).toISOString().slice(0, 10),
  });
  expect(Object.fromEntries(rebuilt.byApiKey.map((g) => [g.key ?? "none", g.credits]))).toEqual({
    [a.id]: 130,
    [b.id]: 30,
    none: 7,
  });

  // The usage API: grouped by key, and one key only.
  const from = new Date(now.getTime() - 3_600_000).toISOString();
  const to = new Date(now.getTime() + 3_600_000).toISOString();
  const grouped = await call("GET", `/api/v1/usage?from=${from}&to=${to}&groupBy=apiKey`, { key: a.key });
  expect(grouped.status).toBe(200);
  expect(grouped.body.groups).toEqual(
    expect.arrayContaining([
      expect.objectContaining({ key: a.id, credits: 130, generations: 2 }),
      expect.objectContaining({ key: b.id, credits: 30 }),
      { key: "none", label: "Without an API key", credits: 7, generations: 1 },
    ]),
  );
  const one = await call("GET", `/api/v1/usage?from=${from}&to=${to}&apiKey=${b.id}`, { key: a.key });
  expect(one.body).toMatchObject({ apiKey: b.id, total: { credits: 30, generations: 1 } });
  expect(
    await call("GET", `/api/v1/usage?from=${from}&to=${to}&apiKey=not-a-key`, { key: a.key }),
  ).toMatchObject({ status: 400 });
});
