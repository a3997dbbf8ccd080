import "server-only";
import type { Executor } from "@/db";
import { auditEvents, type AuditAction } from "@/db/schema";

export type AuditRecord = {
  workspaceId: string;
  actorUserId: string | null;
  action: AuditAction;
  targetType: "member" | "invitation" | "workspace" | "credits" | "auto_top_up" | "api_key" | "webhook";
  targetId?: string | null;
  targetLabel?: string | null;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
  at: Date;
};

/** Records a change in the audit log; call it in the same transaction as the change. */
export async function recordAudit(db: Executor, record: AuditRecord): Promise<void> {
  await db.insert(auditEvents).values({
    workspaceId: record.workspaceId,
    actorUserId: record.actorUserId,
    action: record.action,
    targetType: record.targetType,
    targetId: record.targetId ?? null,
    targetLabel: record.targetLabel ?? null,
    before: record.before ?? null,
    after: record.after ?? null,
    createdAt: record.at,
  });
}
