// Hostile input to every metering API endpoint (fast-check): wrong types, zero, negative,
// fractional, NaN and huge amounts, over-long strings, unicode, HTML and SQL in names, malformed
// and oversized bodies. Each gets a clear, documented 4xx (or a legitimate 2xx), never a 500, and a
// refusal writes nothing.
import "../../support/actions";
import { randomUUID } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ledgerEntries } from "@/db/schema";
import { resetRateLimits } from "@/lib/api/v1/rate-limit";
import { hold } from "@/lib/ledger";
import { call, makeApiKey } from "../../support/api";
import { makeTeam } from "../../support/access";
import { FUZZ_RUNS as RUNS, hostileQuery, hostileString, hostileValue } from "../../support/fuzz";
import { ensureTestRates, fund, testContext, testDb, unitGeneration } from "../../support/db";

type Team = Awaited<ReturnType<typeof makeTeam>>;
let team: Team;
let key: string;
let sent = 0;

async function entryCount() {
  const [row] = await testDb()
    .select({ n: sql<number>`count(*)::int` })
    .from(ledgerEntries)
    .where(eq(ledgerEntries.workspaceId, team.workspace.id));
  return row?.n ?? 0;
}

/** A valid usage body with some of its fields replaced by hostile values, or extra fields added. */
function mangled(base: () => Record<string, unknown>) {
  return fc
    .record({
      replace: fc.dictionary(
        fc.constantFrom(
          "idempotencyKey",
          "member",
          "feature",
          "model",
          "settings",
          "results",
          "timeoutSeconds",
        ),
        hostileValue,
        { minKeys: 1, maxKeys: 4 },
      ),
      extra: fc.option(
        fc.dictionary(fc.string({ minLength: 1, maxLength: 20 }), hostileValue, { maxKeys: 2 }),
      ),
    })
    .map(({ replace, extra }) => ({ ...base(), ...replace, ...(extra ?? {}) }));
}

const validUsage = () => ({
  idempotencyKey: randomUUID(),
  member: team.member.user.email,
  feature: "unit",
  model: "one",
  results: 1,
});

async function expectRefusedCleanly(
  send: () => Promise<{ status: number; body: Record<string, unknown> }>,
): Promise<void> {
  const before = await entryCount();
  const response = await send();
  sent += 1;
  expect(response.status, JSON.stringify(response.body).slice(0, 300)).toBeLessThan(500);
  if (response.status >= 400) {
    const error = response.body.error as { code?: unknown; message?: unknown } | undefined;
    expect(typeof error?.code).toBe("string");
    expect(typeof error?.message).toBe("string");
    expect(await entryCount()).toBe(before);
  }
}

beforeAll(async () => {
  await ensureTestRates();
  resetRateLimits();
  team = await makeTeam();
  await fund(testContext(new Date()), team.workspace.id, 1_000_000);
  ({ key } = await makeApiKey(team.workspace.id));
});

afterAll(() => console.log(`api fuzz: ${sent} hostile requests`));

describe("metering API under hostile input", () => {
  it("POST /api/v1/usage", async () => {
    await fc.assert(
      fc.asyncProperty(mangled(validUsage), async (body) => {
        await expectRefusedCleanly(() => call("POST", "/api/v1/usage", { key, body }));
      }),
      { numRuns: RUNS },
    );
  });

  it("POST /api/v1/quote (and it never writes, even for a valid body)", async () => {
    await fc.assert(
      fc.asyncProperty(mangled(validUsage), async (body) => {
        const before = await entryCount();
        const response = await call("POST", "/api/v1/quote", { key, body });
        sent += 1;
        expect(response.status, JSON.stringify(response.body).slice(0, 300)).toBeLessThan(500);
        if (response.status >= 400)
          expect(typeof (response.body.error as { code?: unknown }).code).toBe("string");
        expect(await entryCount()).toBe(before);
      }),
      { numRuns: RUNS },
    );
  });

  it("POST /api/v1/holds", async () => {
    await fc.assert(
      fc.asyncProperty(mangled(validUsage), async (body) => {
        await expectRefusedCleanly(() => call("POST", "/api/v1/holds", { key, body }));
      }),
      { numRuns: RUNS },
    );
  });

  it("POST /api/v1/usage/batch", async () => {
    const records = fc.array(mangled(validUsage), { minLength: 1, maxLength: 5 });
    const body = fc.oneof(
      records.map((r) => ({ records: r })),
      hostileValue.map((records) => ({ records })),
      hostileValue,
    );
    await fc.assert(
      fc.asyncProperty(body, async (payload) => {
        await expectRefusedCleanly(() => call("POST", "/api/v1/usage/batch", { key, body: payload }));
      }),
      { numRuns: RUNS },
    );
  });

  it("POST /api/v1/holds/{id}/settle and /release", async () => {
    const held = await hold(testContext(new Date()), {
      workspaceId: team.workspace.id,
      membershipId: team.member.membership.id,
      ...unitGeneration(50),
      idempotencyKey: randomUUID(),
    });
    if (!held.ok) throw new Error(held.message);
    const holdId = fc.oneof(
      fc.constant(held.holdId),
      fc.uuid(),
      hostileString
        // A lone surrogate can't be put in a URL at all.
        .filter((s) => !/\p{Cs}/u.test(s))
        .map(encodeURIComponent)
        .filter((s) => s.length > 0 && s !== "." && s !== ".."),
    );
    const settleBody = fc.oneof(
      fc.dictionary(fc.constantFrom("settings", "results", "extra"), hostileValue, { maxKeys: 3 }),
      hostileValue,
    );
    await fc.assert(
      fc.asyncProperty(holdId, settleBody, fc.boolean(), async (id, body, release) => {
        const path = `/api/v1/holds/${id}/${release ? "release" : "settle"}`;
        await expectRefusedCleanly(() => call("POST", path, { key, body }));
      }),
      { numRuns: RUNS },
    );
  });

  it("GET /api/v1/balance and /api/v1/usage", async () => {
    const params = fc.dictionary(fc.constantFrom("member", "from", "to", "groupBy", "x"), hostileString, {
      maxKeys: 4,
    });
    await fc.assert(
      fc.asyncProperty(params, fc.boolean(), async (query, usage) => {
        const search = new URLSearchParams(query).toString();
        const path = usage ? `/api/v1/usage?${search}` : `/api/v1/balance?${search}`;
        await expectRefusedCleanly(() => call("GET", path, { key }));
      }),
      { numRuns: RUNS },
    );
  });

  it("GET /api/v1/balance and /api/v1/usage with hostile query strings", async () => {
    await fc.assert(
      fc.asyncProperty(
        hostileQuery(["member", "from", "to", "groupBy", "apiKey"]),
        fc.constantFrom("balance", "usage"),
        async (query, path) => {
          await expectRefusedCleanly(() => call("GET", `/api/v1/${path}?${query}`, { key }));
        },
      ),
      { numRuns: RUNS },
    );
  });

  it("malformed, oversized and non-JSON bodies", async () => {
    const raw = fc.oneof(
      fc.constant("{"),
      fc.constant("null"),
      fc.constant('{"records": [' + "{},".repeat(40_000) + "{}]}"),
      fc.constant(JSON.stringify({ ...validUsage(), feature: "x".repeat(70_000) })),
      fc.string({ maxLength: 200 }),
    );
    await fc.assert(
      fc.asyncProperty(
        raw,
        fc.constantFrom("/api/v1/usage", "/api/v1/usage/batch", "/api/v1/quote", "/api/v1/holds"),
        async (body, path) => {
          await expectRefusedCleanly(() => call("POST", path, { key, rawBody: body }));
        },
      ),
      { numRuns: RUNS },
    );
  });
});
