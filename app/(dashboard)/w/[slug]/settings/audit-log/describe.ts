// How each recorded change reads on screen: one sentence, plus the fields it changed (before → after).
// Pure functions over what db/queries/audit.ts records, so a new action only needs a line here.
import type { AuditAction, MemberRole } from "@/db/schema";
import { formatCredits, formatDate } from "@/lib/format";

export const ACTION_LABELS: Record<AuditAction, string> = {
  "member.limit_changed": "Monthly limit changed",
  "member.role_changed": "Role changed",
  "member.removed": "Member removed",
  "member.joined": "Member joined",
  "member.limit_requested": "More credits requested",
  "member.limit_request_withdrawn": "Request for more withdrawn",
  "member.limit_request_approved": "Request for more approved",
  "member.limit_request_denied": "Request for more denied",
  "member.top_up_changed": "Top-up permission changed",
  "invitation.created": "Invitation sent",
  "invitation.resent": "Invitation resent",
  "invitation.revoked": "Invitation revoked",
  "workspace.renamed": "Workspace renamed",
  "workspace.time_zone_changed": "Time zone changed",
  "workspace.low_balance_threshold_changed": "Low Balance threshold changed",
  "workspace.member_defaults_changed": "Defaults for new members changed",
  "plan.changed": "Plan changed",
  "credits.purchased": "Credits purchased",
  "credits.refunded": "Payment refunded",
  "credits.disputed": "Payment disputed",
  "auto_top_up.changed": "Auto top-up changed",
  "payment_method.changed": "Payment method changed",
  "api_key.created": "API key created",
  "api_key.revoked": "API key revoked",
  "api_key.rate_limit_changed": "API key rate limit changed",
  "api_key.budget_changed": "API key budget changed",
  "webhook.updated": "Webhook URL set",
  "webhook.removed": "Webhook removed",
  "webhook.secret_rotated": "Webhook secret rotated",
  "billing_details.changed": "Billing details changed",
};

/** The action filter's groups, in the order the select shows them. */
export const ACTION_GROUPS: { label: string; actions: AuditAction[] }[] = [
  {
    label: "Members",
    actions: [
      "member.limit_changed",
      "member.role_changed",
      "member.joined",
      "member.removed",
      "member.limit_requested",
      "member.limit_request_withdrawn",
      "member.limit_request_approved",
      "member.limit_request_denied",
      "member.top_up_changed",
    ],
  },
  { label: "Invitations", actions: ["invitation.created", "invitation.resent", "invitation.revoked"] },
  {
    label: "Workspace",
    actions: [
      "workspace.renamed",
      "workspace.time_zone_changed",
      "workspace.low_balance_threshold_changed",
      "workspace.member_defaults_changed",
    ],
  },
  {
    label: "Plan and credits",
    actions: [
      "plan.changed",
      "credits.purchased",
      "credits.refunded",
      "credits.disputed",
      "auto_top_up.changed",
      "payment_method.changed",
      "billing_details.changed",
    ],
  },
  {
    label: "API keys",
    actions: ["api_key.created", "api_key.revoked", "api_key.rate_limit_changed", "api_key.budget_changed"],
  },
  { label: "Webhooks", actions: ["webhook.updated", "webhook.removed", "webhook.secret_rotated"] },
];

export function isAuditAction(value: string): value is AuditAction {
  return Object.hasOwn(ACTION_LABELS, value);
}

/** What describe() needs of an event (a subset of AuditEventRow). */
export type DescribableEvent = {
  action: AuditAction;
  actor: { name: string; email: string } | null;
  targetLabel: string | null;
  targetName: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
};

export type AuditChange = { field: string; label: string; before: string | null; after: string | null };

export type AuditDescription = { sentence: string; changes: AuditChange[] };

const ROLE_WORDS: Record<MemberRole, string> = { owner: "owner", admin: "admin", member: "member" };

const FIELD_LABELS: Record<string, string> = {
  monthlyLimit: "Monthly limit",
  role: "Role",
  name: "Name",
  timeZone: "Time zone",
  email: "Email",
  expiresAt: "Link expires",
  lowBalanceThreshold: "Low Balance threshold",
  enabled: "Auto top-up",
  threshold: "When balance falls below",
  amount: "Amount",
  credits: "Credits",
  label: "Name",
  url: "Webhook URL",
  rateLimit: "Rate limit",
  companyName: "Company name",
  addressLine1: "Address line 1",
  addressLine2: "Address line 2",
  city: "City",
  postalCode: "Postal code",
  state: "State or region",
  country: "Country",
  receiptEmail: "Email for receipts",
  taxId: "Tax ID",
  reason: "Reason",
  note: "Note",
  status: "Answer",
  grant: "Approved as",
  extraThisMonth: "Extra this month",
  periodStart: "Month",
  usedBefore: "Used this month before the change",
  usageBeforeCounts: "This month's earlier usage counts",
  uncounted: "Credits of this month not counted",
  mayUseTopUp: "May use top-up credits",
  defaultMonthlyLimit: "Default monthly limit",
  defaultMayUseTopUp: "New members may use top-up credits",
  monthlyCreditCap: "Monthly credit cap",
  allowedModels: "Allowed features and models",
};

/** Bookkeeping the log keeps but a reader does not need. */
const HIDDEN_FIELDS = new Set(["invitationId", "id"]);

const CREDIT_FIELDS = new Set([
  "usedBefore",
  "uncounted",
  "defaultMonthlyLimit",
  "monthlyCreditCap",
  "monthlyLimit",
  "lowBalanceThreshold",
  "threshold",
  "amount",
  "credits",
  "extraThisMonth",
]);

function isRole(value: unknown): value is MemberRole {
  return value === "owner" || value === "admin" || value === "member";
}

/** A value as a reader sees it; null when there was none. */
export function formatAuditValue(field: string, value: unknown, timeZone: string): string | null {
  if (value === undefined) return null;
  if (value === null) {
    if (field === "monthlyLimit" || field === "defaultMonthlyLimit") return "Unlimited";
    if (field === "monthlyCreditCap") return "No cap";
    return field === "allowedModels" ? "Everything" : null;
  }
  if (Array.isArray(value) && value.every((entry) => typeof entry === "string")) return value.join(", ");
  if (typeof value === "boolean") return value ? "On" : "Off";
  if (typeof value === "number" && Number.isSafeInteger(value) && CREDIT_FIELDS.has(field)) {
    return formatCredits(value);
  }
  if (typeof value === "number") return String(value);
  if (field === "role" && isRole(value)) return ROLE_WORDS[value];
  if (field === "expiresAt" && typeof value === "string" && !Number.isNaN(Date.parse(value))) {
    return formatDate(value, timeZone);
  }
  if (typeof value === "string") return value;
  return JSON.stringify(value);
}

function changesOf(event: DescribableEvent, timeZone: string): AuditChange[] {
  const before = event.before ?? {};
  const after = event.after ?? {};
  const fields = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter(
    (field) => !HIDDEN_FIELDS.has(field),
  );
  return (
    fields
      .map((field) => ({
        field,
        label: FIELD_LABELS[field] ?? field,
        before: event.before ? formatAuditValue(field, before[field], timeZone) : null,
        after: event.after ? formatAuditValue(field, after[field], timeZone) : null,
      }))
      .filter((change) => change.before !== change.after)
      // The sentence already names the invitee.
      .filter(
        (change) => !(change.field === "email" && (change.after ?? change.before) === event.targetLabel),
      )
  );
}

/** The member an event is about: their name where known, else the address recorded at the time. */
function subject(event: DescribableEvent): string {
  return event.targetName || event.targetLabel || "a former member";
}

function possessive(name: string): string {
  return name.endsWith("s") ? `${name}'` : `${name}'s`;
}

function countOf(value: unknown): string {
  return typeof value === "number" && Number.isSafeInteger(value) ? formatCredits(value) : "some";
}

/** A refund or dispute the payment provider reported (no person acted): what it did to the credits. */
function describeReversal(
  action: "credits.refunded" | "credits.disputed",
  after: Record<string, unknown> | null,
) {
  const owed = typeof after?.owed === "number" && after.owed > 0 ? `, ${countOf(after.owed)} owed` : "";
  if (action === "credits.refunded") return `Refund took back ${countOf(after?.credits)} credits${owed}`;
  if (after?.status === "won") return `Dispute won: released ${countOf(after.released)} held credits`;
  if (after?.status === "lost") return `Dispute lost: took back ${countOf(after.credits)} credits${owed}`;
  return `Payment disputed: held ${countOf(after?.held)} credits`;
}

/** "Changed Leo Laurent's monthly limit from 4,000 to 5,000", and the fields behind it. */
export function describeAuditEvent(event: DescribableEvent, timeZone: string): AuditDescription {
  const changes = changesOf(event, timeZone);
  const from = (field: string) => formatAuditValue(field, event.before?.[field], timeZone) ?? "none";
  const to = (field: string) => formatAuditValue(field, event.after?.[field], timeZone) ?? "none";
  const target = subject(event);

  switch (event.action) {
    case "member.limit_changed":
      return {
        sentence: `Changed ${possessive(target)} monthly limit from ${from("monthlyLimit")} to ${to("monthlyLimit")}`,
        changes,
      };
    case "member.top_up_changed":
      return {
        sentence:
          event.after?.mayUseTopUp === false
            ? `Stopped ${target} from spending top-up credits`
            : `Let ${target} spend top-up credits`,
        changes,
      };
    case "member.role_changed":
      return { sentence: `Changed the role of ${target} from ${from("role")} to ${to("role")}`, changes };
    case "member.removed":
      return { sentence: `Removed ${target} from the workspace`, changes };
    case "member.limit_requested":
      return { sentence: `${target} asked for ${to("amount")} more credits`, changes };
    case "member.limit_request_withdrawn":
      return { sentence: `${target} withdrew a request for ${from("amount")} more credits`, changes };
    case "member.limit_request_approved":
      return {
        sentence:
          event.after?.grant === "new_limit"
            ? `Approved ${possessive(target)} request: monthly limit raised to ${to("monthlyLimit")}`
            : `Approved ${possessive(target)} request: ${to("amount")} extra credits for the rest of the month`,
        changes,
      };
    case "member.limit_request_denied":
      return { sentence: `Denied ${possessive(target)} request for ${to("amount")} more credits`, changes };
    case "member.joined": {
      const who = event.actor?.name || target;
      const role = event.after?.role;
      return {
        sentence: isRole(role) ? `${who} joined as ${ROLE_WORDS[role]}` : `${who} joined`,
        changes,
      };
    }
    case "invitation.created": {
      const role = event.after?.role;
      const email = event.targetLabel ?? "someone";
      return {
        sentence: isRole(role) ? `Invited ${email} as ${ROLE_WORDS[role]}` : `Invited ${email}`,
        changes,
      };
    }
    case "invitation.resent":
      return { sentence: `Resent the invitation for ${event.targetLabel ?? "a pending invitee"}`, changes };
    case "invitation.revoked":
      return { sentence: `Revoked the invitation for ${event.targetLabel ?? "a pending invitee"}`, changes };
    case "workspace.renamed":
      return { sentence: `Renamed the workspace from ${from("name")} to ${to("name")}`, changes };
    case "workspace.time_zone_changed":
      return { sentence: `Changed the time zone from ${from("timeZone")} to ${to("timeZone")}`, changes };
    case "workspace.low_balance_threshold_changed":
      return {
        sentence: `Changed the Low Balance threshold from ${from("lowBalanceThreshold")} to ${to("lowBalanceThreshold")}`,
        changes,
      };
    case "workspace.member_defaults_changed":
      return { sentence: "Changed the defaults for new members", changes };
    case "plan.changed": {
      const change = event.after?.change;
      const plan = typeof event.after?.plan === "string" ? event.after.plan : null;
      const name = plan ? plan.charAt(0).toUpperCase() + plan.slice(1) : "the plan";
      const sentence =
        change === "started"
          ? `Subscribed to ${name}`
          : change === "upgraded"
            ? `Upgraded to ${name}`
            : change === "downgrade_scheduled"
              ? `Scheduled a change to ${name} at the next renewal`
              : change === "cancel_scheduled"
                ? "Cancelled the subscription at the end of the term"
                : change === "resumed"
                  ? "Kept the subscription renewing"
                  : change === "ended"
                    ? "The subscription ended"
                    : change === "interval_changed"
                      ? "Changed the billing period"
                      : "Changed the plan";
      return { sentence, changes };
    }
    case "credits.purchased": {
      const amount = event.after?.credits ?? event.after?.amount;
      return {
        sentence:
          typeof amount === "number" && Number.isSafeInteger(amount)
            ? `Bought ${formatCredits(amount)} credits`
            : "Bought credits",
        changes,
      };
    }
    case "credits.refunded":
    case "credits.disputed":
      return { sentence: describeReversal(event.action, event.after), changes };
    case "auto_top_up.changed": {
      const enabled = event.after?.enabled;
      const wasEnabled = event.before?.enabled;
      const sentence =
        enabled === true && wasEnabled === false
          ? "Turned auto top-up on"
          : enabled === false && wasEnabled === true
            ? "Turned auto top-up off"
            : "Changed the auto top-up settings";
      return { sentence, changes };
    }
    case "payment_method.changed": {
      const card = event.targetLabel ?? "a card";
      const change = event.after?.change;
      const sentence =
        change === "added"
          ? `Added ${card}`
          : change === "made_default"
            ? `Made ${card} the default card`
            : change === "removed"
              ? `Removed ${card}`
              : `Changed ${card}`;
      return { sentence, changes };
    }
    case "billing_details.changed":
      return { sentence: "Changed the billing details on receipts", changes };
    case "api_key.created":
      return {
        sentence: event.targetLabel ? `Created the API key ${event.targetLabel}` : "Created an API key",
        changes,
      };
    case "api_key.revoked":
      return {
        sentence: event.targetLabel ? `Revoked the API key ${event.targetLabel}` : "Revoked an API key",
        changes,
      };
    case "api_key.budget_changed":
      return {
        sentence: event.targetLabel
          ? `Changed the budget of the API key ${event.targetLabel}`
          : "Changed an API key's budget",
        changes,
      };
    case "api_key.rate_limit_changed":
      return {
        sentence: event.targetLabel
          ? `Set the rate limit of the API key ${event.targetLabel} to ${to("rateLimit")}`
          : `Set an API key's rate limit to ${to("rateLimit")}`,
        changes,
      };
    case "webhook.updated":
      return {
        sentence: event.before
          ? `Changed the webhook URL to ${to("url")}`
          : `Set the webhook URL to ${to("url")}`,
        changes,
      };
    case "webhook.removed":
      return { sentence: `Removed the webhook endpoint ${from("url")}`, changes };
    case "webhook.secret_rotated":
      return { sentence: "Rotated the webhook signing secret", changes };
  }
}
