// Invitations into a workspace and the audit log of what owners and admins changed.
import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  check,
  index,
  jsonb,
  pgEnum,
  pgTable,
  text,
  timestamp,
  unique,
  uuid,
} from "drizzle-orm/pg-core";
import { ownedBy, tenantPrimaryKey, tenantRowId } from "./columns";
import { users } from "./users";
import { memberRoleEnum, workspaces } from "./workspaces";

export const invitations = pgTable(
  "invitations",
  {
    id: tenantRowId(),
    workspaceId: ownedBy(() => workspaces.id),
    email: text().notNull(),
    role: memberRoleEnum().notNull().default("member"),
    /**
     * The invitee's monthly limit. monthlyLimitFromDefault (the default) means the workspace default at
     * acceptance and monthlyLimit is null; otherwise monthlyLimit is the limit, null meaning Unlimited.
     */
    monthlyLimitFromDefault: boolean().notNull().default(true),
    monthlyLimit: bigint({ mode: "number" }),
    /** Whether the invitee may spend top-up credits; null means the workspace default at acceptance. */
    mayUseTopUp: boolean(),
    /** SHA-256 of the secret in the link; the secret itself is never stored. */
    tokenHash: text().notNull(),
    invitedByUserId: uuid().references(() => users.id, { onDelete: "set null" }),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    lastSentAt: timestamp({ withTimezone: true }).notNull(),
    acceptedAt: timestamp({ withTimezone: true }),
    acceptedByUserId: uuid().references(() => users.id, { onDelete: "set null" }),
    revokedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [
    tenantPrimaryKey(t),
    // Hash first: accepting a link looks the invitation up by it alone (docs/SCALING.md).
    unique("invitations_token_hash_unique").on(t.tokenHash, t.workspaceId),
    index("invitations_workspace_idx").on(t.workspaceId, t.createdAt.desc()),
    check(
      "invitations_monthly_limit_range",
      sql`${t.monthlyLimit} IS NULL OR (NOT ${t.monthlyLimitFromDefault} AND ${t.monthlyLimit} BETWEEN 0 AND 9007199254740991)`,
    ),
    index("invitations_pending_email_idx")
      .on(t.workspaceId, sql`lower(${t.email})`)
      .where(sql`${t.acceptedAt} IS NULL AND ${t.revokedAt} IS NULL`),
  ],
);

export const auditActionEnum = pgEnum("audit_action", [
  "member.limit_changed",
  "member.role_changed",
  "member.removed",
  "member.joined",
  "member.limit_requested",
  "member.limit_request_withdrawn",
  "member.limit_request_approved",
  "member.limit_request_denied",
  "member.top_up_changed",
  "invitation.created",
  "invitation.resent",
  "invitation.revoked",
  "workspace.renamed",
  "workspace.time_zone_changed",
  "workspace.low_balance_threshold_changed",
  "workspace.member_defaults_changed",
  "plan.changed",
  "credits.purchased",
  "credits.refunded",
  "credits.disputed",
  "auto_top_up.changed",
  "payment_method.changed",
  "api_key.created",
  "api_key.revoked",
  "api_key.rate_limit_changed",
  "api_key.budget_changed",
  "webhook.updated",
  "webhook.removed",
  "webhook.secret_rotated",
  "billing_details.changed",
]);

/** Append-only: who changed what, when, from what to what. */
export const auditEvents = pgTable(
  "audit_events",
  {
    id: bigint({ mode: "number" }).generatedAlwaysAsIdentity(),
    workspaceId: ownedBy(() => workspaces.id),
    actorUserId: uuid().references(() => users.id, { onDelete: "set null" }),
    action: auditActionEnum().notNull(),
    targetType: text().notNull(),
    targetId: text(),
    /** A human label for the target at the time (a member's email, an invite's address, ...). */
    targetLabel: text(),
    before: jsonb(),
    after: jsonb(),
    createdAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [
    tenantPrimaryKey(t),
    index("audit_events_workspace_idx").on(t.workspaceId, t.id.desc()),
    index("audit_events_workspace_action_idx").on(t.workspaceId, t.action, t.id.desc()),
  ],
);

export type Invitation = typeof invitations.$inferSelect;
export type AuditEvent = typeof auditEvents.$inferSelect;
export type AuditAction = (typeof auditActionEnum.enumValues)[number];
