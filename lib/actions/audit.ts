// How actions write the audit log: the one place that files a change under the caller's workspace
// and name, so every action records the same fields and no action can file one under someone else.
import "server-only";
import type { Executor } from "@/db";
import { recordAudit, type AuditRecord } from "@/db/queries/audit";
import type { AuditAction } from "@/db/schema";
import type { WorkspaceActionContext } from "./action-client";

/** What an event is about, as the audit log lists it. */
export type AuditTarget = { type: AuditRecord["targetType"]; id: string; label: string };

type Change = { before?: Record<string, unknown> | null; after?: Record<string, unknown> | null };

/**
 * Records a change the caller made, in the transaction that makes it (CONTRIBUTING: "Add a server
 * action"). `at` is the instant the action took for the change itself, so both carry the same time;
 * without one it is the clock's instant now.
 */
export async function auditChange(
  tx: Executor,
  ctx: WorkspaceActionContext,
  action: AuditAction,
  target: AuditTarget,
  { before, after, at }: Change & { at?: Date },
): Promise<void> {
  await recordAudit(tx, {
    workspaceId: ctx.workspace.id,
    actorUserId: ctx.user.id,
    action,
    targetType: target.type,
    targetId: target.id,
    targetLabel: target.label,
    before: before ?? null,
    after: after ?? null,
    at: at ?? ctx.clock.now(),
  });
}

/** A member is named by their email: their display name may change, the log should not. */
export function memberTarget(member: { membership: { id: string }; user: { email: string } }): AuditTarget {
  return { type: "member", id: member.membership.id, label: member.user.email };
}

/** An invitation is named by the address it was sent to. */
export function invitationTarget(invitation: { id: string; email: string }): AuditTarget {
  return { type: "invitation", id: invitation.id, label: invitation.email };
}

/** An API key is named by its name and the visible start of the key, never by the secret. */
export function apiKeyTarget(key: { id: string; name: string; prefix: string }): AuditTarget {
  return { type: "api_key", id: key.id, label: `${key.name} (${key.prefix}…)` };
}

/** The workspace itself, named by its name (the new one, after a rename). */
export function workspaceTarget(workspace: { id: string; name: string }): AuditTarget {
  return { type: "workspace", id: workspace.id, label: workspace.name };
}

/** A workspace has one webhook endpoint, named by its URL. */
export function webhookTarget(workspaceId: string, url: string): AuditTarget {
  return { type: "webhook", id: workspaceId, label: url };
}

/** A workspace has one auto top-up, named by the workspace's name. */
export function autoTopUpTarget(workspace: { id: string; name: string }): AuditTarget {
  return { type: "auto_top_up", id: workspace.id, label: workspace.name };
}
