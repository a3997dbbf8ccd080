// Who may do what: the one permission table. The UI hides what a role can't do; the server checks
// this table in every action, route handler and query, and is what refuses.
import type { MemberRole } from "@/db/schema/workspaces";

export const ROLES = ["owner", "admin", "member"] as const satisfies readonly MemberRole[];

export const PERMISSIONS = {
  /** See the workspace's balance, transactions and Credits card. */
  "credits:view": ["owner", "admin"],
  /** Buy credits. */
  "credits:purchase": ["owner", "admin"],
  /** Configure auto top-up. */
  "auto-top-up:manage": ["owner", "admin"],
  /** See Manage Access: members, their limits and usage, pending invitations. */
  "members:view": ["owner", "admin"],
  /** Set monthly limits, change roles (not owners'), invite, revoke invites and remove members. */
  "members:manage": ["owner", "admin"],
  /** Usage analytics for the whole workspace. */
  "analytics:view": ["owner", "admin"],
  /** The audit log. */
  "audit-log:view": ["owner", "admin"],
  /** API keys for the metering API. */
  "api-keys:manage": ["owner", "admin"],
  /** Rename the workspace, set its time zone. */
  "workspace:update": ["owner"],
  /** Delete the workspace. */
  "workspace:delete": ["owner"],
  /** Make someone an owner, or change or remove an owner. */
  "owners:manage": ["owner"],
  /** One's own usage and remaining allowance. */
  "usage:view-own": ["owner", "admin", "member"],
  /** One's own notifications (the bell) and email choices. */
  "notifications:view-own": ["owner", "admin", "member"],
  /** Receive the credit events (low, depleted, auto top-up, failed payment); the fan-out trigger matches. */
  "credit-events:receive": ["owner", "admin"],
  /** The local email outbox (test mode, when no SMTP server is configured). */
  "email-outbox:view": ["owner", "admin"],
  /** The workspace's webhook endpoint: URL, signing secret, test events, delivery log. */
  "webhooks:manage": ["owner"],
  /** Billing details printed on receipts and sent to the payments customer: company, address, email, tax ID. */
  "billing-details:manage": ["owner"],
} as const satisfies Record<string, readonly MemberRole[]>;

export type Permission = keyof typeof PERMISSIONS;

export function can(role: MemberRole, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly MemberRole[]).includes(role);
}

export type RoleChangeRefusal = "forbidden" | "last_owner";

/**
 * Whether `actor` may move a member from `from` to `to`. Only owners touch owners (promoting,
 * demoting, including another owner); a workspace always keeps at least one owner.
 */
export function checkRoleChange(
  actor: MemberRole,
  from: MemberRole,
  to: MemberRole,
  ownerCount: number,
): RoleChangeRefusal | null {
  if (!can(actor, "members:manage")) return "forbidden";
  if ((from === "owner" || to === "owner") && !can(actor, "owners:manage")) return "forbidden";
  if (from === "owner" && to !== "owner" && ownerCount <= 1) return "last_owner";
  return null;
}

/** Whether `actor` may remove a member with role `target` (never the last owner). */
export function checkRemoval(
  actor: MemberRole,
  target: MemberRole,
  ownerCount: number,
): RoleChangeRefusal | null {
  if (!can(actor, "members:manage")) return "forbidden";
  if (target === "owner" && !can(actor, "owners:manage")) return "forbidden";
  if (target === "owner" && ownerCount <= 1) return "last_owner";
  return null;
}
