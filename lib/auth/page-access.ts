import "server-only";
import { notFound } from "next/navigation";
import { can, type Permission } from "./permissions";
import { getWorkspaceAccess, requireUser, type WorkspaceAccess } from "./session";

export type PageAccess =
  { allowed: true; access: WorkspaceAccess } | { allowed: false; access: WorkspaceAccess };

/**
 * For pages under /w/[slug]: signs the visitor in (redirect) and loads their membership fresh from
 * the database. Someone who is not a member gets a 404 (the workspace's existence is not revealed);
 * a member whose role lacks `permission` gets `allowed: false` and the page shows why.
 */
export async function requirePageAccess(
  slug: string,
  permission: Permission,
  returnTo?: string,
): Promise<PageAccess> {
  const user = await requireUser(returnTo ?? `/w/${slug}`);
  const membership = await getWorkspaceAccess(user.id, { slug });
  if (!membership) notFound();
  const access: WorkspaceAccess = { user, ...membership };
  return { allowed: can(membership.role, permission), access };
}
