// The member cache across instances: each app instance remembers member references for a few
// seconds in its own memory (lib/api/v1/members.ts), so a member removed through one instance is
// still remembered by the others. They must refuse that member at once all the same: the ledger
// checks the membership inside its own statement. Two instances here are two copies of the app's
// modules (each with its own cache, rate limiter and group commit) against the one database, as
// two processes would be; npm run test:scale checks the same with three real processes.
import "../../support/actions";
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { beforeAll, expect, it, vi } from "vitest";
import { memberships } from "@/db/schema";
import { getBalance } from "@/lib/ledger";
import { makeApiKey } from "../../support/api";
import { makeTeam } from "../../support/access";
import { ensureTestRates, fund, testContext, testDb } from "../../support/db";

type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;
type Instance = { usage: Handler; holds: Handler };
const USAGE = "/api/v1/usage";
const HOLDS = "/api/v1/holds";

/** A fresh copy of the app's modules: a second instance, with its own member cache. */
async function startInstance(): Promise<Instance> {
  vi.resetModules();
  const usage = (await import("@/app/api/v1/usage/route")) as unknown as { POST: Handler };
  const holds = (await import("@/app/api/v1/holds/route")) as unknown as { POST: Handler };
  return { usage: usage.POST, holds: holds.POST };
}

async function charge(handler: Handler, key: string, member: string, path: string) {
  const response = await handler(
    new Request(`http://creditpool.test${path}`, {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: JSON.stringify({
        idempotencyKey: randomUUID(),
        member,
        feature: "unit",
        model: "ten",
        results: 1,
      }),
    }),
    { params: Promise.resolve({}) },
  );
  return { status: response.status, body: (await response.json()) as { error?: { code?: string } } };
}

let first: Instance;
let second: Instance;
beforeAll(async () => {
  await ensureTestRates();
  first = await startInstance();
  second = await startInstance();
});

it("a member removed through one instance cannot spend or hold on another that remembers them", async () => {
  const team = await makeTeam();
  const ctx = testContext(new Date());
  await fund(ctx, team.workspace.id, 1_000);
  const { key } = await makeApiKey(team.workspace.id);
  const byEmail = team.other.user.email;
  const byId = team.other.membership.id;

  // Both instances have charged the member by email and by id: both remember both references.
  for (const instance of [first, second])
    for (const ref of [byEmail, byId]) {
      expect((await charge(instance.usage, key, ref, USAGE)).status).toBe(201);
      expect((await charge(instance.holds, key, ref, HOLDS)).status).toBe(201);
    }
  const before = (await getBalance(ctx, team.workspace.id))?.total;

  // Removed (as the Members page removes: removed_at set), within the instances' cache lifetime.
  await testDb().update(memberships).set({ removedAt: new Date() }).where(eq(memberships.id, byId));
  for (const instance of [second, first])
    for (const ref of [byId, byEmail])
      for (const [handler, path] of [
        [instance.usage, USAGE],
        [instance.holds, HOLDS],
      ] as const) {
        const refused = await charge(handler, key, ref, path);
        expect(refused.status, JSON.stringify(refused.body)).toBe(422);
        expect(refused.body.error?.code).toBe("member_not_found");
      }
  expect((await getBalance(ctx, team.workspace.id))?.total).toBe(before);

  // Restored: both instances charge them again.
  await testDb().update(memberships).set({ removedAt: null }).where(eq(memberships.id, byId));
  expect((await charge(second.usage, key, byEmail, USAGE)).status).toBe(201);
  expect((await charge(first.usage, key, byId, USAGE)).status).toBe(201);
});
