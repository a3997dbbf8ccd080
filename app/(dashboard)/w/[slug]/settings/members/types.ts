import type { MemberRole } from "@/db/schema/workspaces";
import type { LimitUsage } from "@/components/members/limit-usage";

/** A member's month against their limit. */
export function limitUsageOf(member: MemberView): LimitUsage {
  return {
    used: member.usedThisMonth,
    uncounted: member.uncountedThisMonth,
    limit: member.monthlyLimit,
    limitSet: member.limitSet,
  };
}

/** A member as the Manage Access table shows them (plain data, passed to client components). */
export type MemberView = {
  membershipId: string;
  name: string;
  email: string;
  role: MemberRole;
  monthlyLimit: number | null;
  usedThisMonth: number;
  /** Of usedThisMonth, what a limit that "starts from now" set aside. */
  uncountedThisMonth: number;
  /** When the current limit was set this month and what had been used by then; null if earlier. */
  limitSet: { at: string; usedBefore: number } | null;
  mayUseTopUp: boolean;
};

/** The access a member editor's save writes. */
export type SavedAccess = Pick<MemberView, "monthlyLimit" | "role" | "mayUseTopUp">;

/** Who is looking, for what the editor lets them change (the server decides in the end). */
export type Viewer = {
  role: MemberRole;
  membershipId: string;
  /** May change limits and roles (members:manage); otherwise the table is read-only. */
  canManage: boolean;
  canViewUsage: boolean;
};

export type WorkspaceRef = { id: string; slug: string; name: string; timeZone: string };

export type PendingInvitationView = {
  id: string;
  email: string;
  role: MemberRole;
  invitedBy: string | null;
  expiresLabel: string;
};

/** When monthly limits reset, formatted in the workspace's time zone. */
export type ResetsView = { date: string; time: string; label: string };
