// What a top-up is charged, end to end on real PostgreSQL in test mode: an amount in USD buys the
// credits the dialog shows at the price it shows, a price the server would not charge is refused, an
// auto top-up is charged from the same volume-priced table, and settings saved at the old prices are
// re-priced once by the migration.
import "../../support/actions";
import { readFileSync } from "node:fs";
import path from "node:path";
import { eq, inArray } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { autoTopUpSettings, creditPurchases, testModePayments } from "@/db/schema";
import { MIGRATIONS_FOLDER } from "@/db/migrate";
import { completeTestCheckoutAction } from "@/lib/actions/credits/complete-test-checkout";
import { startPurchaseAction } from "@/lib/actions/credits/start-purchase";
import { autoTopUpPriceCents } from "@/lib/billing/auto-top-up";
import { quoteForCents } from "@/lib/billing/top-ups";
import { getBalance } from "@/lib/ledger";
import { runAutoTopUpAttempt } from "@/lib/payments/auto-top-up-charge";
import { actAs } from "../../support/actions";
import { makeTeam } from "../../support/access";
import { autoTopUps, enableAutoTopUp, enterpriseTeam, spendCredits } from "../../support/auto-top-up";
import { ensureTestRates, fund, testContext, testDb } from "../../support/db";

beforeAll(async () => {
  await ensureTestRates();
});

async function paymentsOf(workspaceId: string) {
  return testDb().select().from(testModePayments).where(eq(testModePayments.workspaceId, workspaceId));
}

describe("Purchase Credits in USD", () => {
  it("charges exactly the price the dialog shows for an amount in USD", async () => {
    const team = await makeTeam();
    actAs(team.admin.user);
    // $1,000.00 buys 111,100 credits at 0.9¢ ($999.90); 111,200 would cost $1,000.80.
    const shown = quoteForCents(100_000);
    expect(shown.ok && shown.quote).toMatchObject({ credits: 111_100, priceCents: 99_990 });
    const started = await startPurchaseAction({
      workspaceId: team.workspace.id,
      amountCents: 100_000,
      shownPriceCents: 99_990,
    });
    if (!started.ok) throw new Error(started.error.message);
    expect(started.data).toMatchObject({ credits: 111_100, amountCents: 99_990 });

    const paid = await completeTestCheckoutAction({
      workspaceId: team.workspace.id,
      sessionId: started.data.checkout.sessionId,
      action: "pay",
      cardNumber: "4242 4242 4242 4242",
    });
    expect(paid).toEqual({ ok: true, data: { status: "paid", message: null } });
    expect(await paymentsOf(team.workspace.id)).toMatchObject([{ status: "paid", amountCents: 99_990 }]);
    expect((await getBalance(testContext(new Date()), team.workspace.id))?.total).toBe(111_100);
  });

  it("prices a number of credits above a tier at that tier, with no cliff", async () => {
    const team = await makeTeam();
    actAs(team.admin.user);
    const started = await startPurchaseAction({
      workspaceId: team.workspace.id,
      credits: 100_100,
      shownPriceCents: 90_090,
    });
    expect(started.ok && started.data).toMatchObject({ credits: 100_100, amountCents: 90_090 });
  });

  it("refuses to charge a price other than the one shown, and records nothing", async () => {
    const team = await makeTeam();
    actAs(team.admin.user);
    const refused = await startPurchaseAction({
      workspaceId: team.workspace.id,
      credits: 30_000,
      shownPriceCents: 30_000, // the old list price; the table says $285.00
    });
    expect(refused).toMatchObject({
      ok: false,
      error: {
        code: "conflict",
        message: "30,000 credits cost $285.00, not the $300.00 shown. Check the price and try again.",
      },
    });
    const rows = await testDb()
      .select()
      .from(creditPurchases)
      .where(eq(creditPurchases.workspaceId, team.workspace.id));
    expect(rows).toEqual([]);
  });

  it("refuses an amount in USD out of bounds, or both forms at once, on the field that was given", async () => {
    const team = await makeTeam();
    actAs(team.admin.user);
    const tooSmall = await startPurchaseAction({ workspaceId: team.workspace.id, amountCents: 999 });
    expect(tooSmall).toMatchObject({
      ok: false,
      error: { code: "invalid_input", fieldErrors: { amountCents: ["Spend at least $10.00"] } },
    });
    const both = await startPurchaseAction({
      workspaceId: team.workspace.id,
      credits: 5_000,
      amountCents: 5_000,
    });
    expect(both).toMatchObject({ ok: false, error: { code: "invalid_input" } });
  });
});

describe("auto top-up prices", () => {
  it("charges $2,700 for a 300,000-credit auto top-up", async () => {
    const ctx = testContext(new Date());
    const team = await enterpriseTeam();
    const saved = await enableAutoTopUp(team, { threshold: 1_000, credits: 300_000 });
    expect(saved.amountCents).toBe(270_000);
    await fund(ctx, team.workspace.id, 1_200);
    await spendCredits(ctx, team.workspace.id, team.owner.membership.id, 300);
    const [attempt] = await autoTopUps(team.workspace.id);
    expect(attempt).toMatchObject({ credits: 300_000, amountCents: 270_000 });
    expect(await runAutoTopUpAttempt(ctx, attempt!.id)).toBe("charged");
    expect(await paymentsOf(team.workspace.id)).toMatchObject([{ status: "paid", amountCents: 270_000 }]);
    expect((await getBalance(ctx, team.workspace.id))?.total).toBe(900 + 300_000);
  });

  it("the migration re-prices settings saved at the old prices, and only lowers them", async () => {
    const amounts = [1_000, 23_700, 24_000, 30_000, 94_800, 100_100, 300_000, 1_000_000];
    const teams = await Promise.all(amounts.map(() => enterpriseTeam()));
    for (const [index, team] of teams.entries()) {
      const credits = amounts[index] ?? 0;
      await enableAutoTopUp(team, { threshold: 1_000, credits });
      // As saved before volume pricing: list price, one cent a credit.
      await testDb()
        .update(autoTopUpSettings)
        .set({ amountCents: credits })
        .where(eq(autoTopUpSettings.workspaceId, team.workspace.id));
    }
    const ids = teams.map((team) => `'${team.workspace.id}'`).join(", ");
    const migration = readFileSync(
      path.join(MIGRATIONS_FOLDER, "0029_volume_priced_auto_top_ups.sql"),
      "utf8",
    );
    // Run as written, limited to this test's workspaces (other tests share the database).
    const scoped = migration.replace(
      "WHERE currency = 'usd'",
      `WHERE workspace_id IN (${ids}) AND currency = 'usd'`,
    );
    expect(scoped).not.toBe(migration);
    await testDb().$client.unsafe(scoped);
    await testDb().$client.unsafe(scoped); // a second run changes nothing

    const rows = await testDb()
      .select()
      .from(autoTopUpSettings)
      .where(
        inArray(
          autoTopUpSettings.workspaceId,
          teams.map((team) => team.workspace.id),
        ),
      );
    for (const row of rows)
      expect(row.amountCents, `${row.credits} credits`).toBe(autoTopUpPriceCents(row.credits));
    expect(rows).toHaveLength(amounts.length);
  });
});
