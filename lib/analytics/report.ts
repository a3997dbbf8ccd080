import "server-only";
import type { Executor } from "@/db";
import {
  getUsageBreakdown,
  listUsageApiKeys,
  listUsageDimensions,
  listUsageMembers,
} from "@/db/queries/analytics";
import type { AnalyticsParams } from "./search-params";

/** What the Analytics page (and its CSV export) shows for a state of the URL. */
export async function loadAnalyticsReport(db: Executor, workspaceId: string, state: AnalyticsParams) {
  const range = { from: state.range.from, to: state.range.to };
  const [breakdown, dimensions, members, apiKeys] = await Promise.all([
    getUsageBreakdown(db, workspaceId, {
      ...range,
      membershipId: state.member,
      apiKeyId: state.apiKey,
      model: state.model,
      feature: state.feature,
    }),
    listUsageDimensions(db, workspaceId, range),
    listUsageMembers(db, workspaceId),
    listUsageApiKeys(db, workspaceId),
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
  // Usage by key, biggest first; a null key is what members made in the app, not through the API.
  const keyById = new Map(apiKeys.map((k) => [k.apiKeyId, k]));
  const apiKeyRows = breakdown.byApiKey.map((group) => {
    const key = group.key ? keyById.get(group.key) : undefined;
    return {
      ...group,
      name: group.key === null ? "Made in the app" : key ? key.name : "A deleted key",
      prefix: key?.prefix ?? null,
      isRevoked: key?.isRevoked ?? false,
    };
  });
  return { breakdown, dimensions, members, memberRows, apiKeys, apiKeyRows };
}

export type AnalyticsReport = Awaited<ReturnType<typeof loadAnalyticsReport>>;
