// What changing plan will do, in words, shown before the customer confirms it. The change itself
// (and what it does to credits) is lib/subscriptions/apply-state.ts.
import type { Workspace } from "@/db/schema";
import { getPlan, hasActiveSubscription, type PlanId } from "./plans";

/** "2026-12-07" as the calendar date in the workspace's zone (not UTC's). */
function localDate(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat("en-CA", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).format(at);
}

/** What moving from the workspace's current plan to `next` will do, in words (shown before confirming). */
export function describePlanChange(
  workspace: Pick<Workspace, "plan" | "subscriptionStatus" | "nextSubscriptionGrantAt"> &
    Partial<Pick<Workspace, "timeZone" | "cancelAtTermEnd">>,
  next: PlanId,
): {
  kind: "start" | "upgrade" | "downgrade" | "same";
  summary: string;
} {
  const from = getPlan(workspace.plan);
  const to = getPlan(next);
  const credits = (n: number) => n.toLocaleString("en-US");
  if (!hasActiveSubscription(workspace)) {
    return {
      kind: "start",
      summary: `${to.name} starts today with ${credits(to.monthlyCredits)} credits, and ${credits(to.monthlyCredits)} more on the same day each month. Free daily credits stop.`,
    };
  }
  if (to.id === from.id) return { kind: "same", summary: `You are on ${to.name}.` };
  if (to.monthlyCredits > from.monthlyCredits) {
    return {
      kind: "upgrade",
      summary: `${to.name} starts now: you get the ${credits(to.monthlyCredits - from.monthlyCredits)} credits of difference for the rest of this month (they expire with this month's credits), then ${credits(to.monthlyCredits)} each month.`,
    };
  }
  return {
    kind: "downgrade",
    summary: workspace.cancelAtTermEnd
      ? `Your subscription is set to end with this term. Resume it first; then ${to.name} starts at your next monthly grant.`
      : `${to.name} starts at your next monthly grant${workspace.nextSubscriptionGrantAt ? ` (${localDate(workspace.nextSubscriptionGrantAt, workspace.timeZone ?? "UTC")})` : ""}; this month's credits are not touched. Then ${credits(to.monthlyCredits)} credits each month.`,
  };
}
