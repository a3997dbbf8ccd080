import "server-only";
import { sql, type SQL } from "drizzle-orm";
import type { Executor } from "@/db";

/**
 * What analytics filter on: whole local days [from, to] in the workspace's time zone, and
 * optionally one member, API key (apiKeyId; "none" for usage made in the app), model and feature. Credits are always net of refunds: a refund lowers the
 * day of the generation it refunds, as it lowers the member's monthly usage.
 */
export type UsageFilter = {
  from: string;
  to: string;
  membershipId?: string | null;
  apiKeyId?: string | null;
  model?: string | null;
  feature?: string | null;
};

export type UsageFigures = {
  generations: number;
  results: number;
  /** Net of refunds. */
  credits: number;
  refunded: number;
};

export type UsageGroup = UsageFigures & { key: string | null };
export type DailyUsage = { day: string; key: string; credits: number; generations: number };

export type UsageBreakdown = {
  totals: UsageFigures;
  /** Credits and generations per day and feature, and per day and model (days without usage left out). */
  dailyByFeature: DailyUsage[];
  dailyByModel: DailyUsage[];
  byModel: UsageGroup[];
  byFeature: UsageGroup[];
  /** Key: the membership id (null for usage without a member). */
  byMember: UsageGroup[];
  /** Key: the API key id (null for usage made in the app, without a key). */
  byApiKey: UsageGroup[];
};

const EMPTY: UsageFigures = { generations: 0, results: 0, credits: 0, refunded: 0 };

function where(workspaceId: string, filter: UsageFilter): SQL {
  const conditions: SQL[] = [
    sql`workspace_id = ${workspaceId}::uuid`,
    sql`day between ${filter.from}::date and ${filter.to}::date`,
  ];
  if (filter.membershipId) conditions.push(sql`membership_id = ${filter.membershipId}::uuid`);
  if (filter.apiKeyId === "none") conditions.push(sql`api_key_id is null`);
  else if (filter.apiKeyId) conditions.push(sql`api_key_id = ${filter.apiKeyId}::uuid`);
  if (filter.model) conditions.push(sql`model = ${filter.model}`);
  if (filter.feature) conditions.push(sql`feature = ${filter.feature}`);
  return sql.join(conditions, sql` and `);
}

// grouping(day, feature, model, membership_id, api_key_id): a bit is set for each column NOT in the set.
const SET = {
  dayFeature: 7,
  dayModel: 11,
  feature: 23,
  model: 27,
  member: 29,
  apiKey: 30,
  total: 31,
} as const;

function figures(row: { generations: string; results: string; credits: string; refunded: string }) {
  return {
    generations: Number(row.generations),
    results: Number(row.results),
    credits: Number(row.credits),
    refunded: Number(row.refunded),
  };
}

/** A point of the daily series by feature or by model (`key`); both come from the same rows. */
function dailyUsage(day: string | null, key: string | null, f: UsageFigures): DailyUsage {
  return { day: day ?? "", key: key ?? "", credits: f.credits, generations: f.generations };
}

const byCredits = (a: UsageGroup, b: UsageGroup) =>
  b.credits - a.credits || b.generations - a.generations || String(a.key).localeCompare(String(b.key));

type BreakdownRow = {
  g: number;
  day: string | null;
  feature: string | null;
  model: string | null;
  membership_id: string | null;
  api_key_id: string | null;
  generations: string;
  results: string;
  credits: string;
  refunded: string;
};

/**
 * The rollup a filter reads, as a row source: `usage_daily` itself
 * when a member is chosen, else `usage_daily_totals` (no member dimension: a 500-member workspace's 90
 * days are 630 rows there instead of 315,000). Every rollup holds the same sums (`ledger:verify`).
 */
function rollupFor(workspaceId: string, filter: UsageFilter): SQL {
  if (filter.membershipId) return sql`(select * from usage_daily where ${where(workspaceId, filter)}) r`;
  return sql`(select * from usage_daily_totals where ${where(workspaceId, filter)}) r`;
}

/**
 * The usage per member for a filter without a member: from `usage_daily_members` (days × members rows)
 * when only the range is set, else from `usage_daily` narrowed by the filter.
 */
function byMemberQuery(workspaceId: string, filter: UsageFilter): SQL {
  const onlyRange = !filter.apiKeyId && !filter.model && !filter.feature;
  const table = onlyRange ? sql`usage_daily_members` : sql`usage_daily`;
  return sql`
    select ${SET.member} as g, null as day, null as feature, null as model, membership_id, null as api_key_id,
           sum(generations) as generations, sum(results) as results, sum(credits - credits_refunded) as credits,
           sum(credits_refunded) as refunded
      from ${table}
     where ${where(workspaceId, filter)}
     group by membership_id`;
}

/**
 * Everything the analytics views show for a range, from the daily rollups (grouping sets over one
 * scan): totals, the two daily series, and the model, feature, member and API key breakdowns.
 */
export async function getUsageBreakdown(
  db: Executor,
  workspaceId: string,
  filter: UsageFilter,
): Promise<UsageBreakdown> {
  // Without a member the source has no member column (and GROUPING may not name one that no set
  // groups by): the same bits are built from parts, membership_id's (2) always set.
  const grouped = (sets: SQL) => sql`
    select ${
      filter.membershipId
        ? sql`grouping(day, feature, model, membership_id, api_key_id) as g, membership_id,`
        : sql`grouping(day, feature, model) * 4 + 2 + grouping(api_key_id) as g, null::uuid as membership_id,`
    } day::text as day, feature, model, api_key_id, sum(generations) as generations,
           sum(results) as results, sum(credits - credits_refunded) as credits, sum(credits_refunded) as refunded
      from ${rollupFor(workspaceId, filter)}
     group by grouping sets (${sets})`;
  const rows = filter.membershipId
    ? await db.execute<BreakdownRow>(
        grouped(sql`(day, feature), (day, model), (feature), (model), (membership_id), (api_key_id), ()`),
      )
    : (
        await Promise.all([
          db.execute<BreakdownRow>(
            grouped(sql`(day, feature), (day, model), (feature), (model), (api_key_id), ()`),
          ),
          db.execute<BreakdownRow>(byMemberQuery(workspaceId, filter)),
        ])
      ).flat();
  const result: UsageBreakdown = {
    totals: { ...EMPTY },
    dailyByFeature: [],
    dailyByModel: [],
    byModel: [],
    byFeature: [],
    byMember: [],
    byApiKey: [],
  };
  for (const row of rows) {
    const f = figures(row);
    switch (Number(row.g)) {
      case SET.total:
        result.totals = f;
        break;
      case SET.dayFeature:
        result.dailyByFeature.push(dailyUsage(row.day, row.feature, f));
        break;
      case SET.dayModel:
        result.dailyByModel.push(dailyUsage(row.day, row.model, f));
        break;
      case SET.feature:
        result.byFeature.push({ key: row.feature, ...f });
        break;
      case SET.model:
        result.byModel.push({ key: row.model, ...f });
        break;
      case SET.member:
        result.byMember.push({ key: row.membership_id, ...f });
        break;
      case SET.apiKey:
        result.byApiKey.push({ key: row.api_key_id, ...f });
        break;
    }
  }
  result.byModel.sort(byCredits);
  result.byFeature.sort(byCredits);
  result.byMember.sort(byCredits);
  result.byApiKey.sort(byCredits);
  return result;
}

/** Net credits used on each local day of [from, to] (days without usage are 0). */
export async function getDailyCredits(
  db: Executor,
  workspaceId: string,
  filter: UsageFilter,
): Promise<Map<string, number>> {
  const rows = await db.execute<{ day: string; credits: string }>(sql`
    select day::text as day, sum(credits - credits_refunded) as credits
      from ${rollupFor(workspaceId, filter)} group by day`);
  return new Map(rows.map((row) => [row.day, Number(row.credits)]));
}

export type UsageDimensions = { models: string[]; features: string[] };

/** The models and features used in a range: the choices of the analytics filters. */
export async function listUsageDimensions(
  db: Executor,
  workspaceId: string,
  range: { from: string; to: string },
): Promise<UsageDimensions> {
  const rows = await db.execute<{ kind: "model" | "feature"; value: string }>(sql`
    with r as (select model, feature from usage_daily_totals where ${where(workspaceId, range)})
    select distinct 'model' as kind, model as value from r
    union
    select distinct 'feature', feature from r`);
  const pick = (kind: "model" | "feature") =>
    rows
      .filter((row) => row.kind === kind)
      .map((row) => row.value)
      .sort((a, b) => a.localeCompare(b));
  return { models: pick("model"), features: pick("feature") };
}

export type UsageMember = { membershipId: string; name: string; email: string; isRemoved: boolean };

/** Everyone who can appear in a workspace's usage: current members and removed ones (who keep their history). */
export async function listUsageMembers(db: Executor, workspaceId: string): Promise<UsageMember[]> {
  const rows = await db.execute<{ id: string; name: string; email: string; removed: boolean }>(sql`
    select m.id, u.name, u.email, m.removed_at is not null as removed
      from memberships m join users u on u.id = m.user_id
     where m.workspace_id = ${workspaceId}::uuid
     order by u.name, u.email`);
  return rows.map((row) => ({
    membershipId: row.id,
    name: row.name,
    email: row.email,
    isRemoved: row.removed,
  }));
}

export type UsageApiKey = { apiKeyId: string; name: string; prefix: string; isRevoked: boolean };

/** Every API key that can appear in a workspace's usage, revoked ones too: the labels of byApiKey. */
export async function listUsageApiKeys(db: Executor, workspaceId: string): Promise<UsageApiKey[]> {
  const rows = await db.execute<{ id: string; name: string; prefix: string; revoked: boolean }>(sql`
    select k.id, k.name, k.prefix, k.revoked_at is not null as revoked
      from api_keys k
     where k.workspace_id = ${workspaceId}::uuid
     order by k.name, k.created_at`);
  return rows.map((row) => ({
    apiKeyId: row.id,
    name: row.name,
    prefix: row.prefix,
    isRevoked: row.revoked,
  }));
}
