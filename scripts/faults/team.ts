// The team the fault suite and the scale test load: an Enterprise workspace with an owner, a member,
// a billion credits and an API key, made straight in the database before the app starts.
import { randomUUID } from "node:crypto";
import type { Database } from "../../db";
import { apiKeys, rateCard } from "../../db/schema";
import { createWorkspace } from "../../db/queries/workspaces";
import { addMember } from "../../db/queries/members";
import { createUser } from "../../db/queries/users";
import { newApiKey } from "../../lib/api/v1/auth";
import { DEFAULT_RATES } from "../../lib/billing/default-rates";
import { defaultLowBalanceThreshold } from "../../lib/billing/plans";
import { systemClock } from "../../lib/clock";
import { grant } from "../../lib/ledger";

/** An Enterprise workspace with an owner, a member, a billion credits and an API key. */
export async function createTeam(db: Database, options: { credits?: number; name?: string } = {}) {
  await db.insert(rateCard).values(DEFAULT_RATES).onConflictDoNothing();
  const owner = await createUser(db, { email: `faults-${randomUUID()}@faults.test`, name: "Faults" });
  const { workspace } = await createWorkspace(db, {
    name: options.name ?? "Faults",
    slug: `faults-${randomUUID().slice(0, 8)}`,
    plan: "enterprise",
    subscriptionStatus: "active",
    ownerUserId: owner.id,
    defaultLowBalanceThreshold: defaultLowBalanceThreshold({
      plan: "enterprise",
      subscriptionStatus: "active",
    }),
  });
  const memberUser = await createUser(db, { email: `member-${randomUUID()}@faults.test`, name: "Member" });
  const member = await addMember(db, { workspaceId: workspace.id, userId: memberUser.id, role: "member" });
  await grant(
    { db, clock: systemClock },
    {
      workspaceId: workspace.id,
      type: "top_up",
      code: "top_up",
      amount: options.credits ?? 1_000_000_000,
      expiresAt: null,
      idempotencyKey: `faults-fund-${workspace.id}`,
    },
  );
  const apiKey = newApiKey();
  await db.insert(apiKeys).values({
    workspaceId: workspace.id,
    name: "faults",
    prefix: apiKey.prefix,
    secretHash: apiKey.secretHash,
    createdAt: new Date(),
  });
  return { workspaceId: workspace.id, memberId: member.id, apiKey };
}
