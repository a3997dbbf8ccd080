// The key cache across instances: the spend routes (usage, holds, quote) remember a key for a few
// seconds per process instead of looking it up on every request (lib/api/v1/auth.ts). A key revoked
// through one instance must be refused by every instance at once all the same, as 401 with nothing
// written: the ledger re-checks the key inside its own statement (cp_debit, cp_debit_batch). Two
// instances here are two copies of the app's modules (each with its own key cache, member cache, rate
// limiter and group commit) against the one database, as two processes would be.
import "../../support/actions";
import { randomUUID } from "node:crypto";
import { and, count, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { apiKeyUsage, apiKeys, holds, usageEvents } from "@/db/schema";
import { getBalance, spendBatch } from "@/lib/ledger";
import { makeApiKey } from "../../support/api";
import { makeTeam } from "../../support/access";
import { ensureTestRates, fund, testContext, testDb } from "../../support/db";

type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;
type Instance = {
  usage: Handler;
  holds: Handler;
  quote: Handler;
  batch: Handler;
  /** This instance's rate-limit clock (lib/api/v1/rate-limit.ts), for a bucket that must not refill. */
  setRateLimitTime: (now?: () => number) => void;
};
type Answer = { status: number; body: { error?: { code?: string } } & Record<string, unknown> };

/** A fresh copy of the app's modules: a second instance, with its own key and member caches. */
async function startInstance(): Promise<Instance> {
  vi.resetModules();
  const usage = (await import("@/app/api/v1/usage/route")) as unknown as { POST: Handler };
  const holdRoute = (await import("@/app/api/v1/holds/route")) as unknown as { POST: Handler };
  const quote = (await import("@/app/api/v1/quote/route")) as unknown as { POST: Handler };
  const batch = (await import("@/app/api/v1/usage/batch/route")) as unknown as { POST: Handler };
  const { setRateLimitTime } = await import("@/lib/api/v1/rate-limit");
  return { usage: usage.POST, holds: holdRoute.POST, quote: quote.POST, batch: batch.POST, setRateLimitTime };
}

async function post(handler: Handler, key: string, path: string, body: unknown): Promise<Answer> {
  const response = await handler(
    new Request(`http://creditpool.test${path}`, {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: JSON.stringify(body),
    }),
    { params: Promise.resolve({}) },
  );
  return { status: response.status, body: (await response.json()) as Answer["body"] };
}

const generation = (member: string, idempotencyKey: string = randomUUID()) => ({
  idempotencyKey,
  member,
  feature: "unit",
  model: "ten",
  results: 1,
});

/** Every call the spend routes take, for one instance. */
function spendCalls(instance: Instance, key: string, member: string, replayKey: string) {
  // The unknown member first: answered without a ledger call, while the instance still remembers the key.
  return [
    ["usage, unknown member", () => post(instance.usage, key, "/api/v1/usage", generation("nobody@x.test"))],
    ["usage", () => post(instance.usage, key, "/api/v1/usage", generation(member))],
    ["usage replay", () => post(instance.usage, key, "/api/v1/usage", generation(member, replayKey))],
    ["hold", () => post(instance.holds, key, "/api/v1/holds", generation(member))],
    ["quote", () => post(instance.quote, key, "/api/v1/quote", generation(member))],
    [
      "batch",
      () =>
        post(instance.batch, key, "/api/v1/usage/batch", {
          records: [generation(member), generation(member)],
        }),
    ],
  ] as const;
}

async function written(workspaceId: string, keyId: string) {
  const [events] = await testDb()
    .select({ n: count() })
    .from(usageEvents)
    .where(and(eq(usageEvents.workspaceId, workspaceId), eq(usageEvents.apiKeyId, keyId)));
  const [held] = await testDb()
    .select({ n: count() })
    .from(holds)
    .where(and(eq(holds.workspaceId, workspaceId), eq(holds.apiKeyId, keyId)));
  const [used] = await testDb()
    .select({ used: sql<number>`coalesce(sum(${apiKeyUsage.used}), 0)`.mapWith(Number) })
    .from(apiKeyUsage)
    .where(and(eq(apiKeyUsage.workspaceId, workspaceId), eq(apiKeyUsage.apiKeyId, keyId)));
  return { events: events?.n, holds: held?.n, used: used?.used };
}

let first: Instance;
let second: Instance;
beforeAll(async () => {
  await ensureTestRates();
  first = await startInstance();
  second = await startInstance();
});

describe("a key remembered by two instances", () => {
  it("once revoked through either, is refused by both at once on every spend route (401), writing nothing", async () => {
    const team = await makeTeam();
    const ctx = testContext(new Date());
    await fund(ctx, team.workspace.id, 1_000);
    const { key, id: keyId } = await makeApiKey(team.workspace.id);
    const member = team.member.user.email;
    const replayKey = randomUUID();

    // Both instances have spent with the key (so both remember it), and one request can be replayed.
    expect((await post(first.usage, key, "/api/v1/usage", generation(member, replayKey))).status).toBe(201);
    for (const instance of [first, second])
      for (const [name, run] of spendCalls(instance, key, member, replayKey)) {
        const answer = await run();
        expect(answer.status, `${name} before revoking: ${JSON.stringify(answer.body)}`).toBe(
          name === "usage, unknown member"
            ? 422
            : name === "usage replay"
              ? 200
              : name === "quote" || name === "batch"
                ? 200
                : 201,
        );
      }
    const before = {
      balance: (await getBalance(ctx, team.workspace.id))?.total,
      ...(await written(team.workspace.id, keyId)),
    };

    // Revoked in the database (as the API keys page revokes), within the instances' cache lifetime.
    await testDb().update(apiKeys).set({ revokedAt: new Date() }).where(eq(apiKeys.id, keyId));
    for (const instance of [second, first])
      for (const [name, run] of spendCalls(instance, key, member, replayKey)) {
        const answer = await run();
        expect(answer.status, `${name} after revoking: ${JSON.stringify(answer.body)}`).toBe(401);
        expect(answer.body.error?.code).toBe("unauthorized");
      }
    expect({
      balance: (await getBalance(ctx, team.workspace.id))?.total,
      ...(await written(team.workspace.id, keyId)),
    }).toEqual(before);
  });

  it("revoked while its rate limit is used up, is told 401, not 429 (a retry would never pass)", async () => {
    const team = await makeTeam();
    await fund(testContext(new Date()), team.workspace.id, 1_000);
    // Bursts of 1, and the bucket's clock stands still: the first spend takes the only token for good.
    const { key, id: keyId } = await makeApiKey(team.workspace.id, { perSecond: 1, burst: 1 });
    const member = team.member.user.email;
    first.setRateLimitTime(() => 1_000);
    try {
      expect((await post(first.usage, key, "/api/v1/usage", generation(member))).status).toBe(201);
      const limited = await post(first.usage, key, "/api/v1/usage", generation(member));
      expect(limited).toMatchObject({ status: 429, body: { error: { code: "rate_limited" } } });
      await testDb().update(apiKeys).set({ revokedAt: new Date() }).where(eq(apiKeys.id, keyId));
      const refused = await post(first.usage, key, "/api/v1/usage", generation(member));
      expect(refused).toMatchObject({ status: 401, body: { error: { code: "unauthorized" } } });
    } finally {
      first.setRateLimitTime();
    }
  });

  it("deleted, it is refused as revoked", async () => {
    const team = await makeTeam();
    await fund(testContext(new Date()), team.workspace.id, 1_000);
    const { key, id: keyId } = await makeApiKey(team.workspace.id);
    const member = team.member.user.email;
    expect((await post(first.usage, key, "/api/v1/usage", generation(member))).status).toBe(201);
    await testDb().delete(apiKeys).where(eq(apiKeys.id, keyId));
    const refused = await post(first.usage, key, "/api/v1/usage", generation(member));
    expect(refused).toMatchObject({ status: 401, body: { error: { code: "unauthorized" } } });
  });
});

describe("the ledger's own key check", () => {
  it("refuses a key of another workspace or a revoked one, record by record, and debits the others of the batch", async () => {
    const team = await makeTeam();
    const stranger = await makeTeam();
    const ctx = testContext(new Date());
    await fund(ctx, team.workspace.id, 1_000);
    const live = await makeApiKey(team.workspace.id);
    const revoked = await makeApiKey(team.workspace.id);
    const foreign = await makeApiKey(stranger.workspace.id);
    await testDb().update(apiKeys).set({ revokedAt: new Date() }).where(eq(apiKeys.id, revoked.id));
    const record = (apiKeyId: string | null) => ({
      ...generation(team.member.membership.id),
      membershipId: team.member.membership.id,
      apiKeyId,
    });
    const outcomes = await spendBatch(
      ctx,
      team.workspace.id,
      [live.id, revoked.id, null, foreign.id, live.id].map((id) => {
        const { member: _member, ...rest } = record(id);
        return rest;
      }),
    );
    expect(outcomes.map((o) => (o.ok ? "ok" : o.code))).toEqual([
      "ok",
      "api_key_revoked",
      "ok",
      "api_key_revoked",
      "ok",
    ]);
    expect((await getBalance(ctx, team.workspace.id))?.total).toBe(1_000 - 3 * 10);
    expect((await written(team.workspace.id, revoked.id)).events).toBe(0);
    expect((await written(team.workspace.id, foreign.id)).events).toBe(0);
  });
});
