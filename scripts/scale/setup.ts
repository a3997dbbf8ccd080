// What npm run test:scale puts in the database before the instances start: the fault suite's team,
// a small team with auto top-up on (its spends keep crossing the threshold), workspaces whose daily
// free credits and monthly subscription grant are due (every instance's scheduler will race for
// them), a key with a small rate limit and a member to remove.
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import type { Database } from "../../db";
import { apiKeys, autoTopUpSettings, workspaces } from "../../db/schema";
import { createWorkspace } from "../../db/queries/workspaces";
import { addMember } from "../../db/queries/members";
import { setAutoTopUpThreshold } from "../../db/queries/credit-accounts";
import { createUser } from "../../db/queries/users";
import { newApiKey } from "../../lib/api/v1/auth";
import { autoTopUpPriceCents } from "../../lib/billing/auto-top-up";
import { createTeam } from "../faults/team";

export const TOP_UP = { start: 1_500, threshold: 1_000, credits: 1_000 };
export const LIMITED_KEY = { perSecond: 1, burst: 5 };

async function plainWorkspace(db: Database, name: string) {
  const owner = await createUser(db, { email: `${name}-${randomUUID()}@scale.test`, name });
  const { workspace } = await createWorkspace(db, {
    name,
    slug: `${name}-${randomUUID().slice(0, 8)}`,
    ownerUserId: owner.id,
    defaultLowBalanceThreshold: 0,
  });
  return workspace.id;
}

export async function setUpScale(db: Database, options: { dueWorkspaces: number }) {
  const team = await createTeam(db);
  const topUp = await createTeam(db, { credits: TOP_UP.start, name: "Top-up" });
  await db.insert(autoTopUpSettings).values({
    workspaceId: topUp.workspaceId,
    isEnabled: true,
    threshold: TOP_UP.threshold,
    credits: TOP_UP.credits,
    amountCents: autoTopUpPriceCents(TOP_UP.credits) ?? 5_000,
    provider: "test",
    paymentMethodId: "pm_card_visa",
    paymentMethodBrand: "visa",
    paymentMethodLast4: "4242",
    updatedAt: new Date(),
  });
  // The spend trigger watches the account's copy of the threshold (the settings action sets both).
  await setAutoTopUpThreshold(db, topUp.workspaceId, TOP_UP.threshold, 0);

  // Due now: the scheduler of whichever instance gets the job grants them (once, it must be).
  const free: string[] = [];
  const subscribed: string[] = [];
  const anHourAgo = new Date(Date.now() - 3_600_000);
  for (let i = 0; i < options.dueWorkspaces; i += 1) {
    free.push(await plainWorkspace(db, "free"));
    const id = await plainWorkspace(db, "pro");
    await db
      .update(workspaces)
      .set({
        plan: "pro",
        subscriptionStatus: "active",
        billingInterval: "month",
        billingAnchorAt: anHourAgo,
        nextSubscriptionGrantAt: anHourAgo,
        // Granted free credits today already would not matter: subscribed workspaces get none.
      })
      .where(eq(workspaces.id, id));
    subscribed.push(id);
  }

  const limited = newApiKey();
  await db.insert(apiKeys).values({
    workspaceId: team.workspaceId,
    name: "limited",
    prefix: limited.prefix,
    secretHash: limited.secretHash,
    rateLimitPerSecond: LIMITED_KEY.perSecond,
    rateLimitBurst: LIMITED_KEY.burst,
    createdAt: new Date(),
  });
  const leaverUser = await createUser(db, { email: `leaver-${randomUUID()}@scale.test`, name: "Leaver" });
  const leaver = await addMember(db, {
    workspaceId: team.workspaceId,
    userId: leaverUser.id,
    role: "member",
  });
  return { team, topUp, free, subscribed, limitedKey: limited.key, leaverId: leaver.id };
}
