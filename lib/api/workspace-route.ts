import "server-only";
import { z } from "zod";
import { getDb } from "@/lib/db";
import { can, type Permission } from "@/lib/auth/permissions";
import { getCurrentUser, getWorkspaceAccess, type WorkspaceAccess } from "@/lib/auth/session";
import { getClock } from "@/lib/clock";
import type { Deps } from "@/lib/deps";
import { observeRequest } from "./observe";

export type WorkspaceRouteContext = WorkspaceAccess & Deps;

type Params<P> = { params: Promise<P & { workspaceId: string }> };

function problem(status: number, code: string, message: string): Response {
  return Response.json({ error: { code, message } }, { status });
}

/**
 * A route handler for the browser (session cookie) on one workspace: 401 when signed out, 404 when
 * not a member (existence is not revealed), 403 when the role lacks the permission.
 */
export function workspaceRoute<P extends Record<string, string> = Record<never, string>>(
  permission: Permission,
  handler: (ctx: WorkspaceRouteContext, request: Request, params: P) => Promise<Response>,
): (request: Request, context: Params<P>) => Promise<Response> {
  return (request, context) =>
    observeRequest(request, () => runWorkspaceRoute(permission, handler, request, context));
}

async function runWorkspaceRoute<P extends Record<string, string>>(
  permission: Permission,
  handler: (ctx: WorkspaceRouteContext, request: Request, params: P) => Promise<Response>,
  request: Request,
  context: Params<P>,
): Promise<Response> {
  const user = await getCurrentUser();
  if (!user) return problem(401, "unauthenticated", "Sign in to continue.");
  const params = await context.params;
  const { workspaceId } = params;
  if (!z.uuid().safeParse(workspaceId).success) return problem(404, "not_found", "No such workspace.");
  const access = await getWorkspaceAccess(user.id, { workspaceId });
  if (!access) return problem(404, "not_found", "No such workspace.");
  if (!can(access.role, permission))
    return problem(403, "forbidden", "Your role in this workspace doesn't allow that.");
  return handler({ db: getDb(), clock: getClock(), user, ...access }, request, params);
}
