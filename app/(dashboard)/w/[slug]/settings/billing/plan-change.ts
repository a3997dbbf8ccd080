// What choosing a plan card means for this workspace: the button's words, the dialog's title and
// confirm label, and the toast afterwards. The credit effect itself is describePlanChange's summary
// (lib/billing/subscriptions.ts), computed on the server and passed in.
import type { BillingInterval } from "@/db/schema/workspaces";
import { formatCredits } from "@/lib/format";
import type { Plan, PlanId } from "@/lib/billing/plans";
import type { PlanChangeDescription } from "@/lib/billing/subscriptions";
import { INTERVAL_LABELS } from "@/components/plans/plan-format";

/** describePlanChange's answer for one paid plan. */
export type PlanChangePreview = PlanChangeDescription;

export type CurrentSubscription = {
  planId: PlanId;
  /** Null when the workspace never subscribed. */
  interval: BillingInterval | null;
  isSubscribed: boolean;
  pendingPlanId: PlanId | null;
  cancelAtTermEnd: boolean;
  /** ISO instants. */
  termEndsAt: string | null;
  nextGrantAt: string | null;
};

export type Choice =
  | { type: "start" }
  | { type: "upgrade" }
  | { type: "downgrade" }
  | { type: "interval" }
  | { type: "keep" }
  | { type: "current" }
  | { type: "scheduled" };

/** What picking `plan` on `interval` would do, given where the workspace is now. */
export function choiceFor(
  current: CurrentSubscription,
  plan: Plan,
  interval: BillingInterval,
  preview: PlanChangePreview,
): Choice {
  if (!current.isSubscribed) return { type: "start" };
  const sameInterval = interval === current.interval;
  if (plan.id === current.planId) {
    if (!sameInterval) return { type: "interval" };
    return current.pendingPlanId ? { type: "keep" } : { type: "current" };
  }
  if (plan.id === current.pendingPlanId && sameInterval) return { type: "scheduled" };
  return preview.kind === "upgrade" ? { type: "upgrade" } : { type: "downgrade" };
}

/** The card's button: its words, and whether it does anything. */
export function choiceButton(
  choice: Choice,
  plan: Plan,
  interval: BillingInterval,
): { label: string; enabled: boolean } {
  switch (choice.type) {
    case "start":
      return { label: `Choose ${plan.name}`, enabled: true };
    case "upgrade":
      return { label: `Upgrade to ${plan.name}`, enabled: true };
    case "downgrade":
      return { label: `Downgrade to ${plan.name}`, enabled: true };
    case "interval":
      return { label: `Switch to ${INTERVAL_LABELS[interval].toLowerCase()} billing`, enabled: true };
    case "keep":
      return { label: `Keep ${plan.name}`, enabled: true };
    case "current":
      return { label: "Current plan", enabled: false };
    case "scheduled":
      return { label: "Downgrade scheduled", enabled: false };
  }
}

/** The confirmation dialog's title and its confirm button. */
export function choiceDialog(
  choice: Choice,
  plan: Plan,
): { title: string; confirm: string; pending: string } {
  switch (choice.type) {
    case "start":
      return { title: `Start the ${plan.name} plan?`, confirm: `Start ${plan.name}`, pending: "Starting…" };
    case "upgrade":
      return { title: `Upgrade to ${plan.name}?`, confirm: `Upgrade to ${plan.name}`, pending: "Upgrading…" };
    case "downgrade":
      return {
        title: `Downgrade to ${plan.name}?`,
        confirm: "Schedule downgrade",
        pending: "Scheduling…",
      };
    case "interval":
      return {
        title: `Change ${plan.name}'s billing period?`,
        confirm: "Change billing period",
        pending: "Changing…",
      };
    case "keep":
    case "current":
    case "scheduled":
      return { title: `Keep ${plan.name}?`, confirm: `Keep ${plan.name}`, pending: "Saving…" };
  }
}

/** The toast after a change applied in test mode (the result is the webhook handler's). */
export function appliedMessage(result: string, plan: Plan, previous: Plan): string {
  switch (result) {
    case "started":
      return `You're on ${plan.name}. ${formatCredits(plan.monthlyCredits)} credits were added.`;
    case "upgraded":
      return `Upgraded to ${plan.name}. ${formatCredits(plan.monthlyCredits - previous.monthlyCredits)} credits were added for this month.`;
    case "downgrade_scheduled":
      return `${plan.name} starts with your next monthly grant.`;
    case "interval_changed":
      return "Billing period changed.";
    case "resumed":
      return `You stay on ${plan.name}; the downgrade was called off.`;
    default:
      return "Your plan is up to date.";
  }
}
