// Issue 17, point 10: the Credits card's forecast counts today. A workspace that spent 480 credits this
// morning is using credits, and the burn rate says so (it once said "no credits used in the last 14 days").
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { getCreditForecast } from "@/lib/analytics/credit-forecast";
import { getBalance, spend } from "@/lib/ledger";
import { ensureTestRates, fund, makeWorkspace, testContext, unitGeneration } from "../support/db";

beforeAll(async () => {
  await ensureTestRates();
});

describe("the forecast", () => {
  it("counts what was spent today, in the workspace's time zone", async () => {
    // 09:30 in Berlin on 10 March: the spend lands on the local day that is still running.
    const ctx = testContext("2026-03-10T08:30:00Z");
    const { workspace, ownerId } = await makeWorkspace({ timeZone: "Europe/Berlin" });
    await fund(ctx, workspace.id, 2_000);
    const spent = await spend(ctx, {
      workspaceId: workspace.id,
      membershipId: ownerId,
      ...unitGeneration(480),
      idempotencyKey: randomUUID(),
    });
    expect(spent.ok).toBe(true);

    ctx.clock.set("2026-03-10T09:00:00Z");
    const balance = (await getBalance(ctx, workspace.id))!;
    const forecast = await getCreditForecast(ctx.db, workspace, balance, ctx.clock.now(), null);
    expect(forecast.windowDays).toBe(14);
    expect(forecast.dailyBurn).toBeCloseTo(480 / 14, 10);
    expect(forecast.runsOutInDays).not.toBeNull();

    // Thirteen days on, the spend is still in the window; fourteen days on it has left it.
    ctx.clock.set("2026-03-23T12:00:00Z");
    expect((await getCreditForecast(ctx.db, workspace, balance, ctx.clock.now())).dailyBurn).toBeCloseTo(
      480 / 14,
      10,
    );
    ctx.clock.set("2026-03-24T12:00:00Z");
    expect((await getCreditForecast(ctx.db, workspace, balance, ctx.clock.now())).dailyBurn).toBe(0);
  });
});
