// POST /api/v1/quote and the metering API's new refusals: the quote answers what POST /usage would do
// with the same body (the cost, the split, or the limit that would refuse it and when it resets)
// and writes nothing; the API key that asks is the key whose cap and allowed list apply.
import "../../support/actions";
import { randomUUID } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { apiKeys, memberships, usageEvents } from "@/db/schema";
import { resetRateLimits } from "@/lib/api/v1/rate-limit";
import { verifyLedger } from "@/lib/ledger/verify";
import { call, makeApiKey, openapi } from "../../support/api";
import { makeTeam } from "../../support/access";
import { ensureTestRates, fund, testContext, testDb } from "../../support/db";

type Team = Awaited<ReturnType<typeof makeTeam>>;

async function setup(credits = 10_000) {
  const team = await makeTeam();
  if (credits > 0) await fund(testContext(new Date()), team.workspace.id, credits);
  const { key, id } = await makeApiKey(team.workspace.id);
  return { team, key, keyId: id };
}

const body = (team: Team, overrides: Record<string, unknown> = {}) => ({
  idempotencyKey: randomUUID(),
  member: team.member.user.email,
  feature: "unit",
  model: "one",
  results: 10,
  ...overrides,
});

/** Every row a debit writes, counted for one workspace: a quote must leave them all as they were. */
async function footprint(workspaceId: string) {
  const rows = await testDb().execute<Record<string, string>>(sql`
    select (select count(*) from ledger_entries where workspace_id = ${workspaceId}) as entries,
           (select count(*) from ledger_allocations where workspace_id = ${workspaceId}) as allocations,
           (select count(*) from usage_events where workspace_id = ${workspaceId}) as usage_events,
           (select coalesce(sum(used), 0) from member_usage where workspace_id = ${workspaceId}) as member_usage,
           (select count(*) from member_usage where workspace_id = ${workspaceId}) as member_usage_rows,
           (select count(*) from api_key_usage where workspace_id = ${workspaceId}) as key_usage_rows,
           (select count(*) from holds where workspace_id = ${workspaceId}) as holds,
           (select balance from credit_accounts where workspace_id = ${workspaceId}) as balance,
           (select updated_at from credit_accounts where workspace_id = ${workspaceId}) as updated_at,
           (select string_agg(amount_remaining::text, ',' order by id) from credit_lots where workspace_id = ${workspaceId}) as lots`);
  return rows[0];
}

beforeAll(async () => {
  await ensureTestRates();
  resetRateLimits();
});

describe("POST /api/v1/quote", () => {
  it("answers the cost and split POST /usage then charges, writing nothing and leaving the key unused", async () => {
    const { team, key } = await setup();
    const request = body(team, { results: 24 });
    const before = await footprint(team.workspace.id);
    const quote = await call("POST", "/api/v1/quote", { key, body: request });
    expect(quote).toMatchObject({
      status: 200,
      body: {
        credits: 24,
        split: { free: 0, subscription: 0, topUp: 24 },
        balance: { total: 9_976 },
        replayed: false,
        wouldRefuse: null,
      },
    });
    // A second quote says the same: nothing moved, nothing was kept.
    expect(await call("POST", "/api/v1/quote", { key, body: request })).toMatchObject({ body: quote.body });
    expect(await footprint(team.workspace.id)).toEqual(before);
    // The idempotency key was not consumed: the charge is a first charge (201), as quoted.
    const charged = await call("POST", "/api/v1/usage", { key, body: request });
    expect(charged).toMatchObject({
      status: 201,
      body: { credits: 24, split: quote.body.split, balance: quote.body.balance },
    });
    // After the charge, a quote with the same key and body says it would be a replay; another body conflicts.
    expect(await call("POST", "/api/v1/quote", { key, body: request })).toMatchObject({
      status: 200,
      body: { replayed: true, credits: 24, wouldRefuse: null },
    });
    expect(await call("POST", "/api/v1/quote", { key, body: { ...request, results: 5 } })).toMatchObject({
      status: 409,
      body: { error: { code: "idempotency_conflict" } },
    });
  });

  it("says which limit would refuse it and when it resets, as the 402 would, and writes nothing", async () => {
    const { team, key, keyId } = await setup(1_000);
    await testDb().update(apiKeys).set({ monthlyCreditCap: 100 }).where(eq(apiKeys.id, keyId));
    expect(await call("POST", "/api/v1/usage", { key, body: body(team, { results: 80 }) })).toMatchObject({
      status: 201,
    });
    const before = await footprint(team.workspace.id);
    const request = body(team, { results: 30 });
    const quote = await call("POST", "/api/v1/quote", { key, body: request });
    expect(quote).toMatchObject({
      status: 200,
      body: {
        credits: 30,
        split: null,
        balance: null,
        wouldRefuse: {
          code: "key_budget_reached",
          details: {
            limitType: "api_key_monthly_cap",
            apiKeyId: keyId,
            cap: 100,
            used: 80,
            remaining: 20,
            required: 30,
          },
        },
      },
    });
    const refusal = quote.body.wouldRefuse as { details: { resetsAt: string } };
    expect(new Date(refusal.details.resetsAt).getTime()).toBeGreaterThan(Date.now());
    expect(await footprint(team.workspace.id)).toEqual(before);
    // The charge is refused the same way, with the same body.
    const charged = await call("POST", "/api/v1/usage", { key, body: request });
    expect(charged).toMatchObject({ status: 402, body: { error: quote.body.wouldRefuse } });
  });

  it("names each limit: allowed models, top-up permission, member limit, pool", async () => {
    const { team, key, keyId } = await setup(0);
    await fund(testContext(new Date()), team.workspace.id, 50, {
      type: "subscription",
      expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
    });
    await fund(testContext(new Date()), team.workspace.id, 100);
    const quoted = async (overrides: Record<string, unknown>) => {
      const quote = await call("POST", "/api/v1/quote", { key, body: body(team, overrides) });
      expect(quote.status).toBe(200);
      const refusal = quote.body.wouldRefuse as { code: string; details: { limitType: string } } | null;
      return refusal ? [refusal.code, refusal.details.limitType] : ["ok"];
    };
    await testDb()
      .update(apiKeys)
      .set({ allowedModels: ["unit:ten"] })
      .where(eq(apiKeys.id, keyId));
    expect(await quoted({})).toEqual(["model_not_allowed", "api_key_allowed_models"]);
    await testDb()
      .update(apiKeys)
      .set({ allowedModels: ["unit"] })
      .where(eq(apiKeys.id, keyId));
    expect(await quoted({ results: 60 })).toEqual(["ok"]);
    await testDb()
      .update(memberships)
      .set({ mayUseTopUp: false })
      .where(eq(memberships.id, team.member.membership.id));
    expect(await quoted({ results: 60 })).toEqual(["topup_not_allowed", "member_top_up_permission"]);
    expect(await quoted({ results: 50 })).toEqual(["ok"]);
    await testDb()
      .update(memberships)
      .set({ mayUseTopUp: true, monthlyLimit: 40 })
      .where(eq(memberships.id, team.member.membership.id));
    expect(await quoted({ results: 50 })).toEqual(["member_limit_reached", "member_monthly_limit"]);
    await testDb()
      .update(memberships)
      .set({ monthlyLimit: null })
      .where(eq(memberships.id, team.member.membership.id));
    expect(await quoted({ results: 100, model: "hundred" })).toEqual([
      "insufficient_credits",
      "workspace_balance",
    ]);
    expect(await quoted({ results: 1, model: "one-pro" })).toEqual(["ok"]);
  });

  it("refuses what POST /usage refuses before any limit: bad body, unknown member or model, no key", async () => {
    const { team, key } = await setup();
    expect(await call("POST", "/api/v1/quote", { key, body: { ...body(team), results: 0 } })).toMatchObject({
      status: 400,
    });
    expect(
      await call("POST", "/api/v1/quote", { key, body: body(team, { member: "nobody@nowhere.test" }) }),
    ).toMatchObject({ status: 422, body: { error: { code: "member_not_found" } } });
    expect(await call("POST", "/api/v1/quote", { key, body: body(team, { model: "nope" }) })).toMatchObject({
      status: 422,
      body: { error: { code: "unknown_model" } },
    });
    expect(await call("POST", "/api/v1/quote", { key: null, body: body(team) })).toMatchObject({
      status: 401,
    });
  });

  it("is in the OpenAPI document with the same request body as /usage", () => {
    const post = (openapi.paths as Record<string, Record<string, unknown>>)["/api/v1/quote"]?.post as {
      requestBody: { content: { "application/json": { schema: { $ref: string } } } };
    };
    expect(post.requestBody.content["application/json"].schema.$ref).toBe(
      "#/components/schemas/UsageRequest",
    );
    expect(openapi.components.schemas.QuoteResponse).toBeDefined();
  });
});

describe("the API key that charges", () => {
  it("records the key on usage events from /usage, /usage/batch and settled holds, and its cap refuses with 402", async () => {
    const { team, key, keyId } = await setup();
    expect(await call("POST", "/api/v1/usage", { key, body: body(team) })).toMatchObject({ status: 201 });
    expect(
      await call("POST", "/api/v1/usage/batch", { key, body: { records: [body(team), body(team)] } }),
    ).toMatchObject({ status: 200, body: { succeeded: 2 } });
    const held = await call("POST", "/api/v1/holds", { key, body: body(team) });
    expect(held.status).toBe(201);
    expect(
      await call("POST", `/api/v1/holds/${String(held.body.id)}/settle`, { key, body: { results: 5 } }),
    ).toMatchObject({ status: 200 });
    const events = await testDb()
      .select({ apiKeyId: usageEvents.apiKeyId })
      .from(usageEvents)
      .where(eq(usageEvents.workspaceId, team.workspace.id));
    expect(events.map((e) => e.apiKeyId)).toEqual([keyId, keyId, keyId, keyId]);
    await testDb().update(apiKeys).set({ monthlyCreditCap: 40 }).where(eq(apiKeys.id, keyId));
    const refused = await call("POST", "/api/v1/usage", { key, body: body(team, { results: 6 }) });
    expect(refused).toMatchObject({
      status: 402,
      body: {
        error: {
          code: "key_budget_reached",
          details: { cap: 40, used: 35, remaining: 5, limitType: "api_key_monthly_cap" },
        },
      },
    });
    const batch = await call("POST", "/api/v1/usage/batch", {
      key,
      body: { records: [body(team, { results: 5 }), body(team, { results: 1 })] },
    });
    expect((batch.body.results as { status: number }[]).map((r) => r.status)).toEqual([201, 402]);
    expect(await verifyLedger(testDb(), { workspaceId: team.workspace.id })).toEqual([]);
  });
});
