import { sql } from "drizzle-orm";
import {
  bigint,
  check,
  date,
  index,
  pgTable,
  text,
  unique,
  uuid,
  type AnyPgColumn,
} from "drizzle-orm/pg-core";
import { ownedBy } from "./columns";
import { workspaces } from "./workspaces";

/** The sums every usage rollup holds. */
const usageFigures = () => ({
  generations: bigint({ mode: "number" }).notNull(),
  results: bigint({ mode: "number" }).notNull(),
  /** What was charged, before refunds. */
  credits: bigint({ mode: "number" }).notNull(),
  creditsRefunded: bigint({ mode: "number" }).notNull(),
});

const figuresNonNegative = (
  table: string,
  t: { generations: AnyPgColumn; results: AnyPgColumn; credits: AnyPgColumn; creditsRefunded: AnyPgColumn },
) =>
  check(
    `${table}_figures_non_negative`,
    sql`${t.generations} >= 0 AND ${t.results} >= 0 AND ${t.creditsRefunded} BETWEEN 0 AND ${t.credits}`,
  );

/**
 * Usage per local day (workspace time zone), member, API key, feature and model: the sums of `usage_events`,
 * kept exact by triggers on that table (one upsert per inserting statement, refunds as deltas) and
 * rebuilt in the same transaction when the workspace's time zone changes. Analytics read these rows;
 * any range of whole local days is an exact sum of them.
 */
export const usageDaily = pgTable(
  "usage_daily",
  {
    workspaceId: ownedBy(() => workspaces.id),
    /** The local date of the generations in the workspace's time zone. */
    day: date().notNull(),
    /** Null only for usage without a member (as on the event). */
    membershipId: uuid(),
    /** The API key that metered it; null for usage made in the app (as on the event). */
    apiKeyId: uuid(),
    feature: text().notNull(),
    model: text().notNull(),
    ...usageFigures(),
  },
  (t) => [
    unique("usage_daily_key")
      .on(t.workspaceId, t.day, t.membershipId, t.apiKeyId, t.feature, t.model)
      .nullsNotDistinct(),
    index("usage_daily_member_day_idx").on(t.membershipId, t.day),
    figuresNonNegative("usage_daily", t),
  ],
);

export type UsageDailyRow = typeof usageDaily.$inferSelect;

/**
 * `usage_daily` without the member: per local day, API key, feature and model. What Analytics and the
 * forecast read whenever no member is chosen: at most days × keys × models rows, however many members
 * (630 rows for 90 days and 7 models, against 315,000 in `usage_daily` with 500 members). Kept by the
 * same trigger functions as `usage_daily`, in the same statements; `ledger:verify` checks it equals
 * the sum of `usage_daily`.
 */
export const usageDailyTotals = pgTable(
  "usage_daily_totals",
  {
    workspaceId: ownedBy(() => workspaces.id),
    day: date().notNull(),
    apiKeyId: uuid(),
    feature: text().notNull(),
    model: text().notNull(),
    ...usageFigures(),
  },
  (t) => [
    unique("usage_daily_totals_key")
      .on(t.workspaceId, t.day, t.apiKeyId, t.feature, t.model)
      .nullsNotDistinct(),
    figuresNonNegative("usage_daily_totals", t),
  ],
);

/**
 * `usage_daily` per local day and member only: the Analytics member table when no other filter is set
 * (days × members rows: 45,000 for 90 days and 500 members, a seventh of `usage_daily`). Kept and
 * checked like `usage_daily_totals`.
 */
export const usageDailyMembers = pgTable(
  "usage_daily_members",
  {
    workspaceId: ownedBy(() => workspaces.id),
    day: date().notNull(),
    /** Null only for usage without a member (as on the event). */
    membershipId: uuid(),
    ...usageFigures(),
  },
  (t) => [
    unique("usage_daily_members_key").on(t.workspaceId, t.day, t.membershipId).nullsNotDistinct(),
    figuresNonNegative("usage_daily_members", t),
  ],
);
