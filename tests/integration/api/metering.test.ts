// The metering API's contract: every status code, idempotency (sequential and 20 parallel repeats),
// 100 parallel requests against a workspace that can afford only some, holds that time out, the
// batch endpoint, and every response checked against the OpenAPI document.
import "../../support/actions";
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { Validator } from "@seriousme/openapi-schema-validator";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { apiKeys, memberships, usageEvents, workspaces } from "@/db/schema";
import { resetRateLimits } from "@/lib/api/v1/rate-limit";
import { manualClock, setClock, systemClock } from "@/lib/clock";
import { getBalance, takeBackCredits } from "@/lib/ledger";
import { verifyLedger } from "@/lib/ledger/verify";
import { call, makeApiKey, openapi } from "../../support/api";
import { makeTeam } from "../../support/access";
import { ensureTestRates, fund, testContext, testDb } from "../../support/db";

type Team = Awaited<ReturnType<typeof makeTeam>>;

async function setup(credits = 10_000) {
  const team = await makeTeam();
  await fund(testContext(new Date()), team.workspace.id, credits);
  const { key, id } = await makeApiKey(team.workspace.id);
  return { team, key, keyId: id };
}

const charge = (team: Team, overrides: Record<string, unknown> = {}) => ({
  idempotencyKey: randomUUID(),
  member: team.member.user.email,
  feature: "unit",
  model: "one",
  results: 10,
  ...overrides,
});

beforeAll(async () => {
  await ensureTestRates();
  resetRateLimits();
});

describe("POST /api/v1/usage", () => {
  it("charges (201), returns the first answer for a repeat (200) and refuses the key with another body (409)", async () => {
    const { team, key } = await setup();
    const body = charge(team, { member: team.member.membership.id, results: 24 });
    const first = await call("POST", "/api/v1/usage", { key, body });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      credits: 24,
      split: { free: 0, subscription: 0, topUp: 24 },
      balance: { total: 9_976 },
    });
    const again = await call("POST", "/api/v1/usage", { key, body });
    expect(again).toMatchObject({ status: 200, body: first.body });
    const other = await call("POST", "/api/v1/usage", { key, body: { ...body, results: 25 } });
    expect(other).toMatchObject({ status: 409, body: { error: { code: "idempotency_conflict" } } });
    expect((await getBalance(testContext(new Date()), team.workspace.id))?.total).toBe(9_976);
  });

  it("charges once for 20 parallel repeats of one request", async () => {
    const { team, key } = await setup();
    const body = charge(team);
    const responses = await Promise.all(
      Array.from({ length: 20 }, () => call("POST", "/api/v1/usage", { key, body })),
    );
    expect(responses.filter((r) => r.status === 201)).toHaveLength(1);
    expect(responses.filter((r) => r.status === 200)).toHaveLength(19);
    expect(new Set(responses.map((r) => r.body.id)).size).toBe(1);
    const events = await testDb()
      .select()
      .from(usageEvents)
      .where(eq(usageEvents.workspaceId, team.workspace.id));
    expect(events).toHaveLength(1);
  });

  it("lets exactly the affordable ones of 100 parallel requests through, and refuses the rest with 402", async () => {
    const { team, key } = await setup(1_000);
    const responses = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        call("POST", "/api/v1/usage", {
          key,
          body: charge(team, { member: team.other.user.email, results: 10 + (i % 7) }),
        }),
      ),
    );
    const ok = responses.filter((r) => r.status === 201);
    const refused = responses.filter((r) => r.status === 402);
    expect(ok.length + refused.length).toBe(100);
    const spent = ok.reduce((s, r) => s + Number(r.body.credits), 0);
    const left = (await getBalance(testContext(new Date()), team.workspace.id))!.total;
    expect(left).toBe(1_000 - spent);
    expect(left).toBeLessThan(10); // every refused request needed at least 10
    for (const r of refused)
      expect(r.body).toMatchObject({
        error: { code: "insufficient_credits", details: { limitType: "workspace_balance" } },
      });
    expect(await verifyLedger(testDb(), { workspaceId: team.workspace.id })).toEqual([]);
  });

  it("explains each refusal: which limit, what is left, when it resets and who can raise it (402)", async () => {
    const { team, key } = await setup(100);
    const broke = await call("POST", "/api/v1/usage", {
      key,
      body: charge(team, { results: 100, model: "ten" }),
    });
    expect(broke).toMatchObject({
      status: 402,
      body: {
        error: {
          code: "insufficient_credits",
          details: {
            required: 1_000,
            available: 100,
            limitType: "workspace_balance",
            resolution: expect.stringMatching(/owner or admin/),
          },
        },
      },
    });
    await testDb()
      .update(memberships)
      .set({ monthlyLimit: 5 })
      .where(eq(memberships.id, team.member.membership.id));
    const limited = await call("POST", "/api/v1/usage", { key, body: charge(team) });
    expect(limited).toMatchObject({
      status: 402,
      body: {
        error: {
          code: "member_limit_reached",
          message: expect.stringMatching(/Manage Access/),
          details: {
            limitType: "member_monthly_limit",
            limit: 5,
            remaining: 5,
            resetsAt: expect.any(String),
            resolution: expect.any(String),
          },
        },
      },
    });
    await testDb()
      .update(workspaces)
      .set({ subscriptionStatus: "canceled" })
      .where(eq(workspaces.id, team.workspace.id));
    const pro = await call("POST", "/api/v1/usage", {
      key,
      body: charge(team, { member: team.other.user.email, model: "one-pro", results: 1 }),
    });
    expect(pro).toMatchObject({
      status: 402,
      body: { error: { code: "subscription_required", details: { limitType: "plan" } } },
    });
    expect((await getBalance(testContext(new Date()), team.workspace.id))?.total).toBe(100);
  });

  it("answers 402 credits_owed on usage, holds and batches while the workspace owes credits", async () => {
    const { team, key } = await setup(50);
    const ctx = testContext(new Date());
    const purchase = await fund(ctx, team.workspace.id, 100);
    expect((await call("POST", "/api/v1/usage", { key, body: charge(team, { results: 100 }) })).status).toBe(
      201,
    );
    // The purchase is refunded: 50 of its credits are left to take back, the other 50 are owed.
    await takeBackCredits(ctx, {
      workspaceId: team.workspace.id,
      lotIds: [purchase.lotId],
      credits: 100,
      reason: "refund",
      reference: "re_api",
      idempotencyKey: `stripe:${randomUUID()}`,
    });
    const owed = {
      status: 402,
      body: {
        error: {
          code: "credits_owed",
          message: expect.stringMatching(/owes 50 credits/),
          details: {
            owed: 50,
            settleUrlPath: "/settings/billing?buy=credits",
            limitType: "workspace_debt",
            resolution: expect.stringMatching(/buy credits/),
          },
        },
      },
    };
    expect(await call("POST", "/api/v1/usage", { key, body: charge(team) })).toMatchObject(owed);
    expect(await call("POST", "/api/v1/holds", { key, body: charge(team) })).toMatchObject(owed);
    const batch = await call("POST", "/api/v1/usage/batch", { key, body: { records: [charge(team)] } });
    expect(batch.body).toMatchObject({
      results: [{ status: 402, body: { error: { code: "credits_owed" } } }],
    });
    // A purchase pays the debt first; then spending resumes.
    await fund(ctx, team.workspace.id, 60);
    expect(await call("POST", "/api/v1/usage", { key, body: charge(team) })).toMatchObject({
      status: 201,
      body: { balance: { total: 0 } },
    });
  });

  it("answers 400 with field errors, 422 for unknown member, model or feature, and 413 for a huge body, writing nothing", async () => {
    const { team, key } = await setup();
    const bad = await call("POST", "/api/v1/usage", {
      key,
      body: { member: "x@y.z", feature: "unit", model: "one", results: 0, extra: 1 },
    });
    expect(bad.status).toBe(400);
    expect(Object.keys((bad.body.error as { fieldErrors: object }).fieldErrors)).toEqual(
      expect.arrayContaining(["idempotencyKey", "results"]),
    );
    expect(await call("POST", "/api/v1/usage", { key, rawBody: "{not json" })).toMatchObject({
      status: 400,
      body: { error: { code: "invalid_json" } },
    });
    expect(
      await call("POST", "/api/v1/usage", { key, body: charge(team, { member: "nobody@nowhere.test" }) }),
    ).toMatchObject({
      status: 422,
      body: { error: { code: "member_not_found" } },
    });
    expect(await call("POST", "/api/v1/usage", { key, body: charge(team, { model: "nope" }) })).toMatchObject(
      { status: 422, body: { error: { code: "unknown_model" } } },
    );
    expect(
      await call("POST", "/api/v1/usage", { key, body: charge(team, { feature: "audio" }) }),
    ).toMatchObject({ status: 422, body: { error: { code: "unknown_feature" } } });
    const huge = await call("POST", "/api/v1/usage", {
      key,
      body: charge(team, { settings: { prompt: "x".repeat(70_000) } }),
    });
    expect(huge).toMatchObject({ status: 413, body: { error: { code: "payload_too_large" } } });
    expect((await getBalance(testContext(new Date()), team.workspace.id))?.total).toBe(10_000);
  });

  it("answers 401 without a key, with a bad key, and at once after the key is revoked", async () => {
    const { team, key, keyId } = await setup();
    expect(await call("POST", "/api/v1/usage", { key: null, body: charge(team) })).toMatchObject({
      status: 401,
    });
    expect(
      await call("POST", "/api/v1/usage", { key: `cpk_00000000_${"a".repeat(43)}`, body: charge(team) }),
    ).toMatchObject({ status: 401 });
    expect((await call("POST", "/api/v1/usage", { key, body: charge(team) })).status).toBe(201);
    await testDb().update(apiKeys).set({ revokedAt: new Date() }).where(eq(apiKeys.id, keyId));
    expect(await call("POST", "/api/v1/usage", { key, body: charge(team) })).toMatchObject({
      status: 401,
      body: { error: { code: "unauthorized" } },
    });
  });

  it("records the key's last use, at the app clock's time", async () => {
    const { team, key, keyId } = await setup();
    const lastUsed = async () =>
      (await testDb().select({ at: apiKeys.lastUsedAt }).from(apiKeys).where(eq(apiKeys.id, keyId)))[0]?.at;
    expect(await lastUsed()).toBeNull();
    // Three days ahead of the process's time, on a whole second: what the Settings page shows.
    const appTime = new Date(Math.ceil(Date.now() / 1000) * 1000 + 3 * 86_400_000);
    setClock(manualClock(appTime));
    try {
      expect((await call("POST", "/api/v1/usage", { key, body: charge(team) })).status).toBe(201);
      // Written off the request's path: wait for it, not for a time.
      await vi.waitFor(async () => expect(await lastUsed()).toEqual(appTime), { timeout: 10_000 });
    } finally {
      setClock(systemClock);
    }
  });
});

describe("holds", () => {
  it("hold (201), settle at most the hold (200, twice safe), release after settle refused (409)", async () => {
    const { team, key } = await setup(1_000);
    const held = await call("POST", "/api/v1/holds", { key, body: charge(team, { results: 100 }) });
    expect(held).toMatchObject({ status: 201, body: { credits: 100, expiresAt: expect.any(String) } });
    const id = String(held.body.id);
    const settled = await call("POST", `/api/v1/holds/${id}/settle`, { key, body: { results: 40 } });
    expect(settled).toMatchObject({
      status: 200,
      body: { credits: 40, released: 60, balance: { total: 960 } },
    });
    expect(await call("POST", `/api/v1/holds/${id}/settle`, { key, body: { results: 40 } })).toMatchObject({
      status: 200,
      body: settled.body,
    });
    expect(await call("POST", `/api/v1/holds/${id}/release`, { key })).toMatchObject({
      status: 409,
      body: { error: { code: "hold_not_active" } },
    });
    expect(await call("POST", `/api/v1/holds/${randomUUID()}/release`, { key })).toMatchObject({
      status: 404,
    });
    const over = await call("POST", "/api/v1/holds", { key, body: charge(team, { results: 10 }) });
    expect(
      await call("POST", `/api/v1/holds/${String(over.body.id)}/settle`, { key, body: { results: 11 } }),
    ).toMatchObject({
      status: 422,
      body: { error: { code: "exceeds_hold" } },
    });
    expect(await call("POST", `/api/v1/holds/${String(over.body.id)}/release`, { key })).toMatchObject({
      status: 200,
      body: { released: 10, status: "released" },
    });
    expect(await call("POST", `/api/v1/holds/${String(over.body.id)}/release`, { key })).toMatchObject({
      status: 200,
      body: { released: 10 },
    });
  });

  it("refuses a client key in the system's namespace, so a hold's own settle and release keys stay its own", async () => {
    const { team, key } = await setup(1_000);
    const held = await call("POST", "/api/v1/holds", { key, body: charge(team, { results: 100 }) });
    const id = String(held.body.id);
    const other = await call("POST", "/api/v1/holds", { key, body: charge(team, { results: 10 }) });
    const otherId = String(other.body.id);
    // Before, the first of these was charged, and every settle of the hold then answered 500; the
    // second made the release (and the hold timeout) fail for good.
    for (const taken of [
      `hold:${id}:settle`,
      `hold:${id}:settle:spend`,
      `hold:${otherId}:release`,
      "free:x:2026-03-01",
    ]) {
      for (const path of ["/api/v1/usage", "/api/v1/holds"]) {
        const refused = await call("POST", path, { key, body: charge(team, { idempotencyKey: taken }) });
        expect(refused, `${path} ${taken}`).toMatchObject({
          status: 400,
          body: { error: { code: "invalid_request" } },
        });
      }
      const batch = await call("POST", "/api/v1/usage/batch", {
        key,
        body: { records: [charge(team, { idempotencyKey: taken })] },
      });
      expect(batch.status, `batch ${taken}`).toBe(400);
    }
    expect(await call("POST", `/api/v1/holds/${id}/settle`, { key, body: { results: 40 } })).toMatchObject({
      status: 200,
      body: { credits: 40 },
    });
    expect(await call("POST", `/api/v1/holds/${otherId}/release`, { key })).toMatchObject({
      status: 200,
      body: { released: 10 },
    });
    expect((await getBalance(testContext(new Date()), team.workspace.id))?.total).toBe(960);
    // Keys that merely look alike are the client's to use.
    const alike = await call("POST", "/api/v1/usage", {
      key,
      body: charge(team, { idempotencyKey: `HOLD:${id}:settle` }),
    });
    expect(alike.status).toBe(201);
  });

  it("refuses a deeply nested body with 400 on every endpoint that reads one", async () => {
    const { team, key } = await setup(1_000);
    const held = await call("POST", "/api/v1/holds", { key, body: charge(team, { results: 10 }) });
    const deep = (levels: number) => `${"[".repeat(levels)}${"]".repeat(levels)}`;
    // 2,800 levels overflowed the server's stack; a test process has a deeper one, so 10,000 (20 KB).
    const body = JSON.stringify(charge(team)).replace(/}$/, `,"settings":{"a":${deep(10_000)}}}`);
    // Before: 500 (maximum call stack size exceeded).
    for (const path of ["/api/v1/usage", "/api/v1/holds", `/api/v1/holds/${String(held.body.id)}/settle`]) {
      expect(await call("POST", path, { key, rawBody: body }), path).toMatchObject({
        status: 400,
        body: { error: { code: "invalid_json" } },
      });
    }
    const batch = `{"records":[${body}]}`;
    expect(await call("POST", "/api/v1/usage/batch", { key, rawBody: batch })).toMatchObject({ status: 400 });
    expect((await getBalance(testContext(new Date()), team.workspace.id))?.total).toBe(990);
  });

  it("never lets one workspace's key touch another workspace's hold (404)", async () => {
    const a = await setup(1_000);
    const b = await setup(1_000);
    const held = await call("POST", "/api/v1/holds", { key: a.key, body: charge(a.team, { results: 10 }) });
    expect(
      await call("POST", `/api/v1/holds/${String(held.body.id)}/settle`, { key: b.key, body: {} }),
    ).toMatchObject({ status: 404 });
    expect(await call("POST", `/api/v1/holds/${String(held.body.id)}/release`, { key: b.key })).toMatchObject(
      { status: 404 },
    );
    expect(await call("POST", "/api/v1/usage", { key: b.key, body: charge(a.team) })).toMatchObject({
      status: 422,
      body: { error: { code: "member_not_found" } },
    });
    expect(await getBalance(testContext(new Date()), a.team.workspace.id)).toMatchObject({
      total: 990,
      held: 10,
    });
  });

  it("times out: settling after the timeout answers 410 and the credits are back", async () => {
    const { team, key } = await setup(1_000);
    const held = await call("POST", "/api/v1/holds", {
      key,
      body: charge(team, { results: 50, timeoutSeconds: 10 }),
    });
    expect(held.status).toBe(201);
    await new Promise((resolve) => setTimeout(resolve, 10_500));
    expect(
      await call("POST", `/api/v1/holds/${String(held.body.id)}/settle`, { key, body: {} }),
    ).toMatchObject({
      status: 410,
      body: { error: { code: "hold_expired" } },
    });
    expect(await getBalance(testContext(new Date()), team.workspace.id)).toMatchObject({
      total: 1_000,
      held: 0,
    });
  }, 30_000);
});

describe("batch, balance and totals", () => {
  it("charges up to 1,000 records, each with its own result", async () => {
    const { team, key } = await setup(100);
    const repeat = charge(team, { results: 30 });
    await call("POST", "/api/v1/usage", { key, body: repeat });
    const response = await call("POST", "/api/v1/usage/batch", {
      key,
      body: {
        records: [
          charge(team, { results: 20 }),
          repeat,
          charge(team, { member: "ghost@nowhere.test" }),
          charge(team, { results: 100 }),
          charge(team, { model: "nope" }),
          charge(team, { results: 50 }),
        ],
      },
    });
    expect(response.status).toBe(200);
    expect((response.body.results as { status: number }[]).map((r) => r.status)).toEqual([
      201, 200, 422, 402, 422, 201,
    ]);
    expect(response.body).toMatchObject({ succeeded: 3, failed: 3 });
    expect((await getBalance(testContext(new Date()), team.workspace.id))?.total).toBe(0);
    const tooMany = await call("POST", "/api/v1/usage/batch", {
      key,
      body: { records: Array.from({ length: 1_001 }, () => charge(team)) },
    });
    expect(tooMany.status).toBe(400);
  });

  it("reports the balance with a member's allowance, and totals grouped by model, feature or member", async () => {
    const { team, key } = await setup(5_000);
    await testDb()
      .update(memberships)
      .set({ monthlyLimit: 2_000 })
      .where(eq(memberships.id, team.member.membership.id));
    await call("POST", "/api/v1/usage", { key, body: charge(team, { results: 30 }) });
    await call("POST", "/api/v1/usage", { key, body: charge(team, { model: "ten", results: 5 }) });
    await call("POST", "/api/v1/usage", {
      key,
      body: charge(team, { member: team.other.user.email, results: 7 }),
    });
    const balance = await call(
      "GET",
      `/api/v1/balance?member=${encodeURIComponent(team.member.user.email)}`,
      { key },
    );
    expect(balance).toMatchObject({
      status: 200,
      body: {
        total: 4_913,
        lifetimeSpent: 87,
        member: { monthlyLimit: 2_000, used: 80, remaining: 1_920, resetsAt: expect.any(String) },
      },
    });
    expect(await call("GET", "/api/v1/balance?member=nobody", { key })).toMatchObject({ status: 422 });
    const from = new Date(Date.now() - 3_600_000).toISOString();
    const to = new Date(Date.now() + 3_600_000).toISOString();
    const byModel = await call("GET", `/api/v1/usage?from=${from}&to=${to}&groupBy=model`, { key });
    expect(byModel.body).toMatchObject({
      total: { credits: 87, generations: 3 },
      groups: [
        { key: "one", credits: 37 },
        { key: "ten", credits: 50 },
      ].sort((a, b) => b.credits - a.credits),
    });
    const byMember = await call("GET", `/api/v1/usage?from=${from}&to=${to}&groupBy=member`, { key });
    expect(byMember.body.groups).toEqual([
      { key: team.member.membership.id, label: team.member.user.email, credits: 80, generations: 2 },
      { key: team.other.membership.id, label: team.other.user.email, credits: 7, generations: 1 },
    ]);
    expect(await call("GET", `/api/v1/usage?from=${to}&to=${from}`, { key })).toMatchObject({ status: 400 });
    // Dates PostgreSQL refuses (year 0000, an offset beyond ±15:59) once answered 500: a 400 now.
    for (const [a, b] of [
      ["0000-01-01T00:00:00Z", to],
      ["2026-03-01T00:00:00+16:00", to],
      [from, "9999-12-31T23:59:59Z"],
    ]) {
      const refused = await call(
        "GET",
        `/api/v1/usage?from=${encodeURIComponent(a!)}&to=${encodeURIComponent(b!)}`,
        {
          key,
        },
      );
      expect(refused, `${a} → ${b}`).toMatchObject({
        status: 400,
        body: { error: { code: "invalid_request" } },
      });
    }
  });
});

describe("OpenAPI document", () => {
  it("is a valid OpenAPI 3.1 document generated from the request schemas", async () => {
    const result = await new Validator().validate(
      JSON.parse(JSON.stringify(openapi)) as Record<string, unknown>,
    );
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(openapi.openapi).toBe("3.1.0");
    const usageRequest = openapi.components.schemas.UsageRequest as {
      required: string[];
      additionalProperties: boolean;
    };
    expect(usageRequest.required).toEqual(
      expect.arrayContaining(["idempotencyKey", "member", "feature", "model", "results"]),
    );
  });
});
