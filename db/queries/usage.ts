import "server-only";
import { and, desc, eq, lt, sql, type SQL } from "drizzle-orm";
import type { Executor } from "@/db";
import { usageEvents, type UsageEvent } from "@/db/schema";

export type GenerationRow = {
  id: string;
  /** The ledger entry that charged it: increasing with time, so it doubles as the page cursor. */
  entryId: number;
  createdAt: string;
  feature: string;
  model: string;
  settings: Record<string, string>;
  results: number;
  /** What was charged, before refunds. */
  credits: number;
  creditsRefunded: number;
  status: UsageEvent["status"];
};

export type GenerationPage = { items: GenerationRow[]; nextCursor: number | null };

function asSettings(value: unknown): Record<string, string> {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return {};
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>).map(([key, v]) => [key, String(v)]),
  );
}

/**
 * One member's generations in a workspace, newest first, a page at a time (keyset on the
 * charging ledger entry). Always scoped by both the workspace and the membership.
 */
export async function listMemberGenerations(
  db: Executor,
  workspaceId: string,
  membershipId: string,
  options: { cursor?: number | null; limit?: number } = {},
): Promise<GenerationPage> {
  const limit = Math.min(Math.max(options.limit ?? 25, 1), 200);
  const conditions: SQL[] = [
    eq(usageEvents.workspaceId, workspaceId),
    eq(usageEvents.membershipId, membershipId),
  ];
  if (options.cursor) conditions.push(lt(usageEvents.ledgerEntryId, options.cursor));
  const rows = await db
    .select()
    .from(usageEvents)
    .where(and(...conditions))
    .orderBy(desc(usageEvents.ledgerEntryId))
    .limit(limit + 1);
  const items = rows.slice(0, limit).map((row): GenerationRow => ({
    id: row.id,
    entryId: row.ledgerEntryId,
    createdAt: row.createdAt.toISOString(),
    feature: row.feature,
    model: row.model,
    settings: asSettings(row.settings),
    results: row.results,
    credits: row.credits,
    creditsRefunded: row.creditsRefunded,
    status: row.status,
  }));
  const last = items.at(-1);
  return { items, nextCursor: rows.length > limit && last ? last.entryId : null };
}

/**
 * Credits (net of refunds) and generations in [from, to), grouped by model, feature, member or API key
 * (key "none": usage made in the app), optionally of one API key only.
 */
export async function listUsageTotals(
  db: Executor,
  workspaceId: string,
  query: {
    from: string;
    to: string;
    groupBy: "model" | "feature" | "member" | "apiKey";
    /** Only the usage of this API key; "none" for usage made in the app, without a key. */
    apiKey?: string | null;
  },
) {
  const key =
    query.groupBy === "member"
      ? sql`coalesce(ue.membership_id::text, 'removed')`
      : query.groupBy === "apiKey"
        ? sql`coalesce(ue.api_key_id::text, 'none')`
        : query.groupBy === "feature"
          ? sql`ue.feature`
          : sql`ue.model`;
  const label =
    query.groupBy === "member"
      ? sql`coalesce(max(u.email), 'removed member')`
      : query.groupBy === "apiKey"
        ? sql`coalesce(max(k.name || ' (' || k.prefix || ')'), 'Without an API key')`
        : key;
  const byKey =
    query.apiKey === "none"
      ? sql`and ue.api_key_id is null`
      : query.apiKey
        ? sql`and ue.api_key_id = ${query.apiKey}::uuid`
        : sql``;
  const rows = await db.execute<{ key: string; label: string; credits: string; generations: string }>(sql`
    select ${key} as key, ${label} as label,
           sum(ue.credits - ue.credits_refunded) as credits, count(*) as generations
      from usage_events ue
      left join memberships m on m.id = ue.membership_id
      left join users u on u.id = m.user_id
      left join api_keys k on k.id = ue.api_key_id and k.workspace_id = ue.workspace_id
     where ue.workspace_id = ${workspaceId}::uuid
       and ue.created_at >= ${query.from}::timestamptz and ue.created_at < ${query.to}::timestamptz
       ${byKey}
     group by 1
     order by 3 desc, 1`);
  return rows.map((r) => ({
    key: r.key,
    label: r.label,
    credits: Number(r.credits),
    generations: Number(r.generations),
  }));
}
