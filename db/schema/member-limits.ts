// Living with a monthly limit (issue 19): the alerts a member gets at 80% and 100% of it, the owners and
// admins who chose to get them too, a member's requests for more and the extra allowance an approval
// gives for the rest of a month.
import { sql } from "drizzle-orm";
import {
  bigint,
  check,
  date,
  index,
  pgEnum,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { ownedBy, sameWorkspace, tenantPrimaryKey, tenantRowId } from "./columns";
import { users } from "./users";
import { memberships, workspaces } from "./workspaces";

/**
 * Credits added to a member's monthly limit for one month (their workspace's time zone) by approved
 * requests. The debit functions add it to the limit they check (cp_debit, cp_debit_batch).
 */
export const memberLimitExtras = pgTable(
  "member_limit_extras",
  {
    membershipId: uuid().notNull(),
    /** The first day of the month it applies to, like member_usage.period_start. */
    periodStart: date().notNull(),
    workspaceId: ownedBy(() => workspaces.id),
    extra: bigint({ mode: "number" }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.membershipId, t.periodStart, t.workspaceId] }),
    sameWorkspace("member_limit_extras_membership_fk", t.membershipId, t.workspaceId, memberships),
    check("member_limit_extras_extra_range", sql`${t.extra} BETWEEN 0 AND 9007199254740991`),
  ],
);

/**
 * The alerts already raised: one row per member, month, limit and threshold (80 or 100). The primary
 * key is what makes an alert fire once however many spends cross it at the same time; a new limit (or
 * an extra allowance) is a new figure, so its crossings alert again.
 */
export const memberLimitAlerts = pgTable(
  "member_limit_alerts",
  {
    membershipId: uuid().notNull(),
    periodStart: date().notNull(),
    /** The limit (with this month's extra allowance) the threshold was a share of. */
    limitValue: bigint({ mode: "number" }).notNull(),
    threshold: smallint().notNull(),
    workspaceId: ownedBy(() => workspaces.id),
    createdAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.membershipId, t.periodStart, t.limitValue, t.threshold, t.workspaceId] }),
    sameWorkspace("member_limit_alerts_membership_fk", t.membershipId, t.workspaceId, memberships),
    check("member_limit_alerts_threshold", sql`${t.threshold} IN (80, 100)`),
  ],
);

/** An owner or admin who chose to get the members' 80% and 100% alerts too (no row: they don't). */
export const memberAlertSubscriptions = pgTable(
  "member_alert_subscriptions",
  {
    workspaceId: ownedBy(() => workspaces.id),
    userId: ownedBy(() => users.id),
    createdAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.userId] })],
);

export const limitRequestStatusEnum = pgEnum("limit_request_status", [
  "open",
  "approved",
  "denied",
  "withdrawn",
]);

/** How an approval applies: extra credits for the rest of this month, or a raised monthly limit. */
export const limitRequestGrantEnum = pgEnum("limit_request_grant", ["this_month", "new_limit"]);

/** A member asking for more credits than their monthly limit allows. At most one open per member. */
export const memberLimitRequests = pgTable(
  "member_limit_requests",
  {
    id: tenantRowId(),
    workspaceId: ownedBy(() => workspaces.id),
    membershipId: uuid().notNull(),
    /** Extra credits asked for. */
    amount: bigint({ mode: "number" }).notNull(),
    reason: text().notNull(),
    status: limitRequestStatusEnum().notNull().default("open"),
    /** The limit when asked (null: Unlimited), to show the owner what approving changes. */
    limitWhenAsked: bigint({ mode: "number" }),
    createdAt: timestamp({ withTimezone: true }).notNull(),
    grant: limitRequestGrantEnum(),
    decidedByUserId: uuid().references(() => users.id, { onDelete: "set null" }),
    decisionNote: text(),
    decidedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    tenantPrimaryKey(t),
    sameWorkspace("member_limit_requests_membership_fk", t.membershipId, t.workspaceId, memberships),
    uniqueIndex("member_limit_requests_one_open")
      .on(t.membershipId, t.workspaceId)
      .where(sql`${t.status} = 'open'`),
    index("member_limit_requests_workspace_idx").on(t.workspaceId, t.status, t.createdAt.desc()),
    check("member_limit_requests_amount_range", sql`${t.amount} BETWEEN 1 AND 1000000000`),
    check("member_limit_requests_reason_length", sql`char_length(${t.reason}) BETWEEN 1 AND 500`),
    check(
      "member_limit_requests_note_length",
      sql`${t.decisionNote} IS NULL OR char_length(${t.decisionNote}) <= 500`,
    ),
    check(
      "member_limit_requests_grant_when_approved",
      sql`(${t.status} = 'approved') = (${t.grant} IS NOT NULL)`,
    ),
  ],
);

export type MemberLimitRequest = typeof memberLimitRequests.$inferSelect;
export type LimitRequestStatus = (typeof limitRequestStatusEnum.enumValues)[number];
export type LimitRequestGrant = (typeof limitRequestGrantEnum.enumValues)[number];
