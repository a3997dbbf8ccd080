import "server-only";
import { sql } from "drizzle-orm";
import type { Database } from "@/db";

/** Credits (net of refunds) and generations in [from, to), grouped by model, feature or member. */
export async function usageTotals(
  db: Database,
  workspaceId: string,
  query: { from: string; to: string; groupBy: "model" | "feature" | "member" },
) {
  const key =
    query.groupBy === "member"
      ? sql`coalesce(ue.membership_id::text, 'removed')`
      : query.groupBy === "feature"
        ? sql`ue.feature`
        : sql`ue.model`;
  const label = query.groupBy === "member" ? sql`coalesce(max(u.email), 'removed member')` : key;
  const rows = await db.execute<{ key: string; label: string; credits: string; generations: string }>(sql`
    select ${key} as key, ${label} as label,
           sum(ue.credits - ue.credits_refunded) as credits, count(*) as generations
      from usage_events ue
      left join memberships m on m.id = ue.membership_id
      left join users u on u.id = m.user_id
     where ue.workspace_id = ${workspaceId}::uuid
       and ue.created_at >= ${query.from}::timestamptz and ue.created_at < ${query.to}::timestamptz
     group by 1
     order by 3 desc, 1`);
  const groups = rows.map((r) => ({
    key: r.key,
    label: r.label,
    credits: Number(r.credits),
    generations: Number(r.generations),
  }));
  return {
    from: query.from,
    to: query.to,
    groupBy: query.groupBy,
    total: {
      credits: groups.reduce((s, g) => s + g.credits, 0),
      generations: groups.reduce((s, g) => s + g.generations, 0),
    },
    groups,
  };
}
