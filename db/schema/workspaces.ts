import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  date,
  check,
  integer,
  pgEnum,
  pgTable,
  text,
  timestamp,
  unique,
  index,
} from "drizzle-orm/pg-core";
import { ownedBy, randomId, tenantPrimaryKey, tenantRowId } from "./columns";
import { users } from "./users";

export const billingIntervalEnum = pgEnum("billing_interval", ["month", "quarter", "year"]);
export const subscriptionStatusEnum = pgEnum("subscription_status", [
  "none",
  "trialing",
  "active",
  "past_due",
  "canceled",
]);
export const memberRoleEnum = pgEnum("member_role", ["owner", "admin", "member"]);

export const workspaces = pgTable(
  "workspaces",
  {
    id: randomId(),
    slug: text().notNull().unique(),
    name: text().notNull(),
    /** A plan id from lib/billing/plans.ts. */
    plan: text().notNull().default("free"),
    billingInterval: billingIntervalEnum(),
    subscriptionStatus: subscriptionStatusEnum().notNull().default("none"),
    /** The instant the subscription started; monthly grants fall on its day of month (clamped). */
    billingAnchorAt: timestamp({ withTimezone: true }),
    /** End of the paid term (quarterly and annual plans grant monthly until then). */
    currentTermEndsAt: timestamp({ withTimezone: true }),
    /** IANA time zone: days for free credits and months for member limits are counted in it. */
    timeZone: text().notNull().default("UTC"),
    seats: integer().notNull().default(5),
    /**
     * Low Balance badge threshold when auto top-up is off, as an owner set it; null until then, which
     * means the plan's default (defaultLowBalanceThreshold in lib/billing/plans.ts).
     */
    lowBalanceThreshold: bigint({ mode: "number" }),
    stripeCustomerId: text().unique(),
    stripeSubscriptionId: text().unique(),
    /** Set when the plan will drop at the next monthly grant (downgrades wait for the renewal). */
    pendingPlan: text(),
    /** Set when the subscription ends at the end of the current term instead of renewing. */
    cancelAtTermEnd: boolean().notNull().default(false),
    /** Which monthly grant comes next (0 is the one at the billing anchor) and when it is due. */
    subscriptionPeriodIndex: integer().notNull().default(0),
    nextSubscriptionGrantAt: timestamp({ withTimezone: true }),
    /** The last local day (workspace time zone) that got its free daily credits. */
    freeCreditsGrantedFor: date(),
    /** The monthly limit a new member gets (invitations may set their own); null means Unlimited. */
    defaultMemberMonthlyLimit: bigint({ mode: "number" }),
    /** Whether a new member may spend top-up (bought) credits unless their invitation says otherwise. */
    defaultMayUseTopUp: boolean().notNull().default(true),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check("workspaces_seats_positive", sql`${t.seats} > 0`),
    check(
      "workspaces_default_member_monthly_limit_range",
      sql`${t.defaultMemberMonthlyLimit} IS NULL OR ${t.defaultMemberMonthlyLimit} BETWEEN 0 AND 9007199254740991`,
    ),
    check("workspaces_low_balance_threshold_non_negative", sql`${t.lowBalanceThreshold} >= 0`),
    check("workspaces_slug_format", sql`${t.slug} ~ '^[a-z0-9]+(-[a-z0-9]+)*$'`),
  ],
);

export const memberships = pgTable(
  "memberships",
  {
    id: tenantRowId(),
    workspaceId: ownedBy(() => workspaces.id),
    userId: ownedBy(() => users.id),
    role: memberRoleEnum().notNull().default("member"),
    /** Monthly credit limit; null means Unlimited. */
    monthlyLimit: bigint({ mode: "number" }),
    /**
     * A limit that "starts from now": in the month limitOffsetPeriod (the first day of a month in the
     * workspace's time zone), the first limitOffset credits of the member's usage do not count against
     * monthlyLimit. Any other month ignores it (0 and null when unused). Usage itself is never changed.
     */
    limitOffset: bigint({ mode: "number" }).notNull().default(0),
    limitOffsetPeriod: date(),
    /** When false, this member's spends draw only free and subscription credits (topup_not_allowed). */
    mayUseTopUp: boolean().notNull().default(true),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /** Removal keeps the row: the ledger names who spent what. Re-inviting restores it. */
    removedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    tenantPrimaryKey(t),
    unique("memberships_workspace_user_unique").on(t.workspaceId, t.userId),
    index("memberships_user_idx").on(t.userId),
    check("memberships_monthly_limit_non_negative", sql`${t.monthlyLimit} IS NULL OR ${t.monthlyLimit} >= 0`),
    check(
      "memberships_limit_offset_sane",
      sql`${t.limitOffset} BETWEEN 0 AND 9007199254740991 AND (${t.limitOffset} = 0 OR ${t.limitOffsetPeriod} IS NOT NULL)`,
    ),
  ],
);

export type Workspace = typeof workspaces.$inferSelect;
export type NewWorkspace = typeof workspaces.$inferInsert;
export type Membership = typeof memberships.$inferSelect;
export type NewMembership = typeof memberships.$inferInsert;
export type MemberRole = (typeof memberRoleEnum.enumValues)[number];
export type SubscriptionStatus = (typeof subscriptionStatusEnum.enumValues)[number];
export type BillingInterval = (typeof billingIntervalEnum.enumValues)[number];
