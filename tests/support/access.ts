import { randomUUID } from "node:crypto";
import { inject } from "vitest";
import { createWorkspace } from "@/db/queries/workspaces";
import { defaultLowBalanceThreshold } from "@/lib/billing/plans";
import { addMember } from "@/db/queries/members";
import { createUser } from "@/db/queries/users";
import type { MemberRole } from "@/db/schema";
import { testDb } from "./db";

// Actions use the app's own pool (getDb), which reads DATABASE_URL when first used.
process.env.DATABASE_URL = inject("databaseUrl");

/** A workspace with one person of each role (and an extra member), all with unique emails. */
export async function makeTeam(options: { seats?: number } = {}) {
  const db = testDb();
  const tag = randomUUID().slice(0, 10);
  const person = async (role: string) =>
    createUser(db, { email: `${role}-${tag}@team.test`, name: `${role} ${tag}` });
  const owner = await person("owner");
  const { workspace, owner: ownerMembership } = await createWorkspace(db, {
    name: `Team ${tag}`,
    slug: `team-${tag}`,
    plan: "pro",
    subscriptionStatus: "active",
    seats: options.seats ?? 10,
    // The threshold workspaces had before plans had defaults.
    lowBalanceThreshold: 500,
    ownerUserId: owner.id,
    defaultLowBalanceThreshold: defaultLowBalanceThreshold({ plan: "pro", subscriptionStatus: "active" }),
  });
  const join = async (role: MemberRole, limit: number | null = null) => {
    const user = await person(role === "member" ? `member${Math.random().toString(36).slice(2, 6)}` : role);
    const membership = await addMember(db, {
      workspaceId: workspace.id,
      userId: user.id,
      role,
      monthlyLimit: limit,
    });
    return { user, membership };
  };
  const admin = await join("admin");
  const member = await join("member", 1_000);
  const other = await join("member", null);
  return { tag, workspace, owner: { user: owner, membership: ownerMembership }, admin, member, other };
}
