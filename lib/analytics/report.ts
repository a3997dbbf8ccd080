import "server-only";
import type { Executor } from "@/db";
import { getUsageBreakdown, listUsageDimensions, listUsageMembers } from "@/db/queries/analytics";
import type { AnalyticsParams } from "./search-params";

/** What the Analytics page (and its CSV export) shows for a state of the URL. */
export async function loadAnalyticsReport(db: Executor, workspaceId: string, state: AnalyticsParams) {
  const range = { from: state.range.from, to: state.range.to };
  const [breakdown, dimensions, members] = await Promise.all([
    getUsageBreakdown(db, workspaceId, {
      ...range,
      membershipId: state.member,
      model: state.model,
      feature: state.feature,
    }),
    listUsageDimensions(db, workspaceId, range),
    listUsageMembers(db, workspaceId),
  ]);
  const byId = new Map(members.map((m) => [m.membershipId, m]));
  const memberRows = breakdown.byMember.map((group) => {
    const member = group.key ? byId.get(group.key) : undefined;
    return {
      ...group,
      name: member?.name ?? "Without a member",
      email: member?.email ?? "",
      isRemoved: member?.isRemoved ?? false,
    };
  });
  const direction = state.dir === "asc" ? 1 : -1;
  memberRows.sort((a, b) => {
    const order =
      state.sort === "name"
        ? a.name.localeCompare(b.name)
        : state.sort === "generations"
          ? a.generations - b.generations
          : a.credits - b.credits;
    return order * direction || a.name.localeCompare(b.name);
  });
  return { breakdown, dimensions, members, memberRows };
}

export type AnalyticsReport = Awaited<ReturnType<typeof loadAnalyticsReport>>;
