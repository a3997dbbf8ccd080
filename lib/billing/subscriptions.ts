// What changing plan will do, in words, shown before the customer confirms it. The change itself
// (and what it does to credits) is lib/subscriptions/apply-state.ts.
import type { Workspace } from "@/db/schema";
import { formatCredits, formatDate } from "@/lib/format";
import { FREE_DAILY_CREDITS, getPlan, hasActiveSubscription, type PlanId } from "./plans";

export type PlanChangeDescription = {
  kind: "start" | "upgrade" | "downgrade" | "same";
  /** What the change does to credits. Says nothing of when: that is `when`, said once. */
  summary: string;
  /** When the change applies, as one sentence ("Today." / "On Dec 7, 2026, at your next monthly grant."). */
  when: string | null;
  /** Leaving the plan that has auto top-up: that it stops, and when. */
  autoTopUp: string | null;
};

/** What moving from the workspace's current plan to `next` will do, in words (shown before confirming). */
export function describePlanChange(
  workspace: Pick<Workspace, "plan" | "subscriptionStatus" | "nextSubscriptionGrantAt"> &
    Partial<Pick<Workspace, "timeZone" | "cancelAtTermEnd">>,
  next: PlanId,
): PlanChangeDescription {
  const from = getPlan(workspace.plan);
  const to = getPlan(next);
  const credits = formatCredits;
  if (!hasActiveSubscription(workspace)) {
    return {
      kind: "start",
      summary: `You get ${credits(to.monthlyCredits)} credits at once, and ${credits(to.monthlyCredits)} more on the same day each month. The ${credits(FREE_DAILY_CREDITS)} free daily credits stop.`,
      when: "Today, once the payment goes through.",
      autoTopUp: null,
    };
  }
  if (to.id === from.id)
    return { kind: "same", summary: `You are on ${to.name}.`, when: null, autoTopUp: null };
  const stopsAutoTopUp = (when: string) =>
    from.allowsAutoTopUp && !to.allowsAutoTopUp
      ? `Auto top-up stops ${when}: only ${from.name} includes it. Buying credits by hand keeps working.`
      : null;
  if (to.monthlyCredits > from.monthlyCredits) {
    return {
      kind: "upgrade",
      summary: `You get the ${credits(to.monthlyCredits - from.monthlyCredits)} credits of difference for the rest of this month (they expire with this month's credits), then ${credits(to.monthlyCredits)} each month.`,
      when: "Today.",
      autoTopUp: stopsAutoTopUp("today"),
    };
  }
  if (workspace.cancelAtTermEnd) {
    return {
      kind: "downgrade",
      summary: `This month's credits are not touched; then ${credits(to.monthlyCredits)} credits each month.`,
      when: `Not while your subscription is set to end with this term: resume it first, and ${to.name} starts at the next monthly grant after that.`,
      autoTopUp: stopsAutoTopUp(`when ${to.name} starts`),
    };
  }
  const grantOn = workspace.nextSubscriptionGrantAt
    ? formatDate(workspace.nextSubscriptionGrantAt, workspace.timeZone ?? "UTC")
    : null;
  return {
    kind: "downgrade",
    summary: `This month's credits are not touched; then ${credits(to.monthlyCredits)} credits each month.`,
    when: grantOn ? `On ${grantOn}, at your next monthly grant.` : "At your next monthly grant.",
    autoTopUp: stopsAutoTopUp(grantOn ? `on ${grantOn}` : "at your next monthly grant"),
  };
}
