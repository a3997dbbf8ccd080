import "server-only";
import { randomBytes } from "node:crypto";
import type { Executor } from "@/db";
import { createWorkspace, isSlugTaken, lockSlugBase } from "@/db/queries/workspaces";
import { defaultLowBalanceThreshold, getPlan } from "@/lib/billing/plans";

/** "Northwind Studio" -> "northwind-studio" (letters and digits, dash-separated). */
export function slugify(name: string): string {
  const slug = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40)
    .replace(/-+$/g, "");
  return slug || "workspace";
}

async function uniqueSlug(db: Executor, name: string): Promise<string> {
  const base = slugify(name);
  for (let attempt = 0; attempt < 5; attempt += 1) {
    const candidate = attempt === 0 ? base : `${base}-${randomBytes(3).toString("hex")}`;
    if (!(await isSlugTaken(db, candidate))) return candidate;
  }
  return `${base}-${randomBytes(6).toString("hex")}`;
}

const WORKSPACE_SUFFIX = "'s workspace";

/** "Ada's workspace", shortened (by whole characters) to the 80 a workspace name may have. */
export function defaultWorkspaceName(personName: string): string {
  const name = Array.from(personName.trim() || "My");
  const room = 80 - WORKSPACE_SUFFIX.length;
  return `${name.length > room ? name.slice(0, room).join("").trimEnd() : name.join("")}${WORKSPACE_SUFFIX}`;
}

/**
 * A new Free workspace owned by the user: what every new account starts with. Once it is committed,
 * give it today's free credits (grantDueFreeCredits), so it never opens on an empty balance.
 */
export async function createPersonalWorkspace(
  db: Executor,
  input: { userId: string; name: string; workspaceName?: string; timeZone?: string },
) {
  const workspaceName = input.workspaceName?.trim() || defaultWorkspaceName(input.name);
  const free = getPlan("free");
  // Two people signing up as "Ana" at once both found "ana-s-workspace" free and the second insert
  // failed (500). A lock on the slug's base, held to the end of the outermost transaction, makes
  // the second look after the first has committed.
  return db.transaction(async (tx) => {
    await lockSlugBase(tx, slugify(workspaceName));
    return createWorkspace(tx, {
      name: workspaceName,
      slug: await uniqueSlug(tx, workspaceName),
      plan: free.id,
      subscriptionStatus: "none",
      timeZone: input.timeZone ?? "UTC",
      seats: free.seats,
      ownerUserId: input.userId,
      defaultLowBalanceThreshold: defaultLowBalanceThreshold({ plan: free.id, subscriptionStatus: "none" }),
    });
  });
}
