// Per-key rate limits on the metering API: the default (100 a second, bursts of 300) bites a
// runaway client, a key's own limits replace it, a batch counts one per started 100 records, a
// refused request does nothing and says when to come back, and every answer carries the IETF
// RateLimit headers. Time is driven by hand (setRateLimitTime), so nothing here depends on speed.
import { actAs } from "../../support/actions";
import { randomUUID } from "node:crypto";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { auditEvents } from "@/db/schema";
import { updateApiKeyRateLimitAction } from "@/lib/actions/api-keys/update-api-key-rate-limit";
import { resetRateLimits, setRateLimitTime, takeTokens } from "@/lib/api/v1/rate-limit";
import { getBalance } from "@/lib/ledger";
import { call, makeApiKey } from "../../support/api";
import { makeTeam } from "../../support/access";
import { ensureTestRates, fund, testContext, testDb } from "../../support/db";

let now = 0;

beforeAll(async () => {
  await ensureTestRates();
});
beforeEach(() => {
  now = 1_000_000;
  setRateLimitTime(() => now);
  resetRateLimits();
});
afterEach(() => {
  setRateLimitTime();
  resetRateLimits();
});

async function setup(rateLimit?: { perSecond: number; burst: number }) {
  const team = await makeTeam();
  await fund(testContext(new Date()), team.workspace.id, 100_000);
  const { key } = await makeApiKey(team.workspace.id, rateLimit);
  const spend = (results = 1) => ({
    idempotencyKey: randomUUID(),
    member: team.member.user.email,
    feature: "unit",
    model: "one",
    results,
  });
  const balance = async () => (await getBalance(testContext(new Date()), team.workspace.id))?.total;
  return { team, key, spend, balance };
}

describe("the default limit", () => {
  it("lets a burst of 300 through, refuses the 301st with 429 and Retry-After, and refills at 100 a second", async () => {
    const { key } = await setup();
    for (let i = 0; i < 300; i++) {
      const answer = await call("GET", "/api/v1/balance", { key });
      expect(answer.status).toBe(200);
      if (i === 0) {
        expect(answer.headers.get("ratelimit-policy")).toBe('"api-key";q=300;w=3');
        expect(answer.headers.get("ratelimit")).toBe('"api-key";r=299;t=1');
      }
    }
    const refused = await call("GET", "/api/v1/balance", { key });
    expect(refused.status).toBe(429);
    expect(refused.body).toMatchObject({
      error: { code: "rate_limited", details: { retryAfterSeconds: 1, perSecond: 100, burst: 300 } },
    });
    expect(refused.headers.get("retry-after")).toBe("1");
    expect(refused.headers.get("ratelimit")).toBe('"api-key";r=0;t=3');
    // 10 ms later: one token (100 a second).
    now += 10;
    expect((await call("GET", "/api/v1/balance", { key })).status).toBe(200);
    expect((await call("GET", "/api/v1/balance", { key })).status).toBe(429);
    // After the Retry-After: a second's worth.
    now += 1_000;
    for (let i = 0; i < 100; i++) expect((await call("GET", "/api/v1/balance", { key })).status).toBe(200);
    expect((await call("GET", "/api/v1/balance", { key })).status).toBe(429);
  });

  it("charges nothing for a refused spend", async () => {
    const { key, spend, balance } = await setup({ perSecond: 1, burst: 2 });
    expect((await call("POST", "/api/v1/usage", { key, body: spend(5) })).status).toBe(201);
    expect((await call("POST", "/api/v1/usage", { key, body: spend(5) })).status).toBe(201);
    const refused = await call("POST", "/api/v1/usage", { key, body: spend(5) });
    expect(refused).toMatchObject({ status: 429, body: { error: { code: "rate_limited" } } });
    expect(await balance()).toBe(100_000 - 10);
  });

  it("counts 60 parallel requests each: exactly the burst gets through", async () => {
    const { key } = await setup({ perSecond: 5, burst: 20 });
    const answers = await Promise.all(
      Array.from({ length: 60 }, () => call("GET", "/api/v1/balance", { key })),
    );
    const statuses = answers.map((a) => a.status).sort((a, b) => a - b);
    expect(statuses.filter((s) => s === 200)).toHaveLength(20);
    expect(statuses.filter((s) => s === 429)).toHaveLength(40);
  });
});

describe("a key's own limits", () => {
  it("replace the default, and one key's limit does not touch another's", async () => {
    const { key, team } = await setup({ perSecond: 2, burst: 3 });
    const other = await makeApiKey(team.workspace.id);
    for (let i = 0; i < 3; i++) expect((await call("GET", "/api/v1/balance", { key })).status).toBe(200);
    const refused = await call("GET", "/api/v1/balance", { key });
    expect(refused.status).toBe(429);
    expect(refused.headers.get("ratelimit-policy")).toBe('"api-key";q=3;w=2');
    expect(refused.headers.get("retry-after")).toBe("1");
    expect((await call("GET", "/api/v1/balance", { key: other.key })).status).toBe(200);
  });
});

describe("setting a key's limits on the API keys page", () => {
  it("takes effect on the key's next call, is audited, and refuses nonsense without writing", async () => {
    const { key, team } = await setup();
    const { id: apiKeyId } = await makeApiKey(team.workspace.id);
    const other = await makeApiKey(team.workspace.id);
    actAs(team.admin.user);
    const set = await updateApiKeyRateLimitAction({
      workspaceId: team.workspace.id,
      apiKeyId: other.id,
      limit: { perSecond: 1, burst: 1 },
    });
    expect(set).toMatchObject({ ok: true });
    expect((await call("GET", "/api/v1/balance", { key: other.key })).status).toBe(200);
    const refused = await call("GET", "/api/v1/balance", { key: other.key });
    expect(refused.status).toBe(429);
    expect(refused.headers.get("ratelimit-policy")).toBe('"api-key";q=1;w=1');
    // The untouched keys keep the default.
    expect((await call("GET", "/api/v1/balance", { key })).headers.get("ratelimit-policy")).toBe(
      '"api-key";q=300;w=3',
    );
    const [audit] = await testDb()
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.workspaceId, team.workspace.id), eq(auditEvents.targetId, other.id)));
    expect(audit).toMatchObject({
      action: "api_key.rate_limit_changed",
      before: { rateLimit: "the default (100 a second, bursts of 300)" },
      after: { rateLimit: "1 a second, bursts of 1" },
    });
    for (const limit of [
      { perSecond: 0, burst: 10 },
      { perSecond: 50, burst: 10 },
      { perSecond: 10_001, burst: 20_000 },
      { perSecond: 1.5, burst: 3 },
    ]) {
      const result = await updateApiKeyRateLimitAction({ workspaceId: team.workspace.id, apiKeyId, limit });
      expect(result).toMatchObject({ ok: false, error: { code: "invalid_input" } });
    }
    // Members cannot change a key.
    actAs(team.member.user);
    expect(
      await updateApiKeyRateLimitAction({ workspaceId: team.workspace.id, apiKeyId, limit: null }),
    ).toMatchObject({ ok: false, error: { code: "forbidden" } });
    const rows = await testDb()
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.workspaceId, team.workspace.id));
    expect(rows.filter((row) => row.action === "api_key.rate_limit_changed")).toHaveLength(1);
  });
});

describe("batches", () => {
  it("count one request per started 100 records, and a refused batch charges nothing", async () => {
    const { key, spend, balance } = await setup({ perSecond: 1, burst: 5 });
    const records = (n: number) => Array.from({ length: n }, () => spend(1));
    // 250 records: 3 tokens, 2 left.
    const first = await call("POST", "/api/v1/usage/batch", { key, body: { records: records(250) } });
    expect(first.status).toBe(200);
    expect(first.headers.get("ratelimit")).toBe('"api-key";r=2;t=3');
    // 300 records need 3: one is taken for the call, the other two are not there.
    const refused = await call("POST", "/api/v1/usage/batch", { key, body: { records: records(300) } });
    expect(refused).toMatchObject({ status: 429, body: { error: { code: "rate_limited" } } });
    expect(await balance()).toBe(100_000 - 250);
  });

  it("a batch bigger than a small key's burst still goes through once the bucket is full", async () => {
    const { key, spend } = await setup({ perSecond: 1, burst: 2 });
    const body = { records: Array.from({ length: 1_000 }, () => spend(1)) };
    expect((await call("POST", "/api/v1/usage/batch", { key, body })).status).toBe(200);
  });
});

describe("the bucket", () => {
  it("never holds more than the burst, however long a key was idle", () => {
    const limit = { perSecond: 10, burst: 30 };
    expect(takeTokens("idle", 1, limit, 0).remaining).toBe(29);
    expect(takeTokens("idle", 1, limit, 3_600_000).remaining).toBe(29);
  });
});
