// What each credit event says, in plain words: the bell's line, the email's subject and body, and
// the page it points to. Pure functions over the event's payload, so a test can read every one.
import type { CreditEventType } from "@/db/schema/payments";
import { formatCredits, formatDate, formatMoney } from "@/lib/format";

/** Every event type, in the order the preferences page lists them. */
export const CREDIT_EVENT_TYPES = [
  "credit_balance_low",
  "credit_balance_depleted",
  "credit_auto_recharge_triggered",
  "credit_purchase_failed",
  "credit_purchase_refunded",
  "credit_purchase_disputed",
  "member_limit_requested",
  "member_limit_warning",
  "member_limit_reached",
  "member_limit_request_decided",
] as const satisfies readonly CreditEventType[];

/** The events about one's own monthly limit: anyone may get them, whatever their role. */
export const OWN_LIMIT_EVENT_TYPES = [
  "member_limit_warning",
  "member_limit_reached",
  "member_limit_request_decided",
] as const satisfies readonly CreditEventType[];

/** A member's alerts, which owners and admins may also choose to get about everyone. */
export const MEMBER_ALERT_TYPES = [
  "member_limit_warning",
  "member_limit_reached",
] as const satisfies readonly CreditEventType[];

/** The preferences page's names and explanations of each event. */
export const EVENT_LABELS: Record<CreditEventType, { title: string; description: string }> = {
  credit_balance_low: {
    title: "Balance is low",
    description: "The balance falls below your alert threshold (once per crossing).",
  },
  credit_balance_depleted: {
    title: "Credits ran out",
    description: "The balance reaches zero and usage stops until credits are added.",
  },
  credit_auto_recharge_triggered: {
    title: "Auto top-up added credits",
    description: "An auto top-up charged your card and added credits.",
  },
  credit_purchase_failed: {
    title: "Payment failed",
    description: "A credit purchase or auto top-up was declined, with the reason.",
  },
  credit_purchase_refunded: {
    title: "Payment refunded",
    description: "A purchase, auto top-up or plan payment was refunded and its credits taken back.",
  },
  credit_purchase_disputed: {
    title: "Payment disputed",
    description: "A cardholder disputed a payment (its credits are held), or the dispute was decided.",
  },
  member_limit_requested: {
    title: "A member asks for more credits",
    description: "A member asks to raise their monthly limit, with the amount and the reason.",
  },
  member_limit_warning: {
    title: "80% of a monthly limit used",
    description: "Once a month per limit, when usage reaches 80% of the monthly limit.",
  },
  member_limit_reached: {
    title: "Monthly limit reached",
    description: "Once a month per limit, when usage reaches the whole monthly limit.",
  },
  member_limit_request_decided: {
    title: "Answer to a request for more",
    description: "An owner or admin approved or denied your request for more credits.",
  },
};

export type EventMessage = {
  /** One line for the bell. */
  title: string;
  /** A sentence with the figures. */
  body: string;
  /** Where to act on it, under /w/<slug>. */
  path: string;
};

function whole(value: unknown): number | null {
  return typeof value === "number" && Number.isSafeInteger(value) ? value : null;
}

function credits(value: unknown): string {
  const n = whole(value);
  return n === null ? "some" : formatCredits(n);
}

function money(cents: unknown, currency: unknown): string | null {
  const n = whole(cents);
  if (n === null) return null;
  const code = typeof currency === "string" && /^[a-z]{3}$/i.test(currency) ? currency.toUpperCase() : "USD";
  return formatMoney(n, code);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function text(value: unknown, fallback: string): string {
  return typeof value === "string" && value.trim() ? value.trim() : fallback;
}

/** "Dec 31, 2026" for an ISO instant in the payload, in its time zone; null when it doesn't parse. */
function day(at: unknown, timeZone: unknown): string | null {
  if (typeof at !== "string" || Number.isNaN(Date.parse(at))) return null;
  try {
    return formatDate(at, typeof timeZone === "string" ? timeZone : "UTC");
  } catch {
    return formatDate(at);
  }
}

/** A member's 80% or 100% alert, to them ("You have used …") or to an owner who chose to get it. */
function describeLimitAlert(payload: Record<string, unknown>, isSubject: boolean): EventMessage {
  const reached = whole(payload.threshold) === 100;
  const percent = whole(payload.percent) ?? whole(payload.threshold) ?? 80;
  const resets = day(payload.resetsAt, payload.timeZone);
  const who = text(payload.memberName, text(payload.memberEmail, "A member"));
  const limit = `${credits(payload.limit)}-credit limit`;
  if (isSubject) {
    return {
      title: reached ? "You reached your monthly limit" : `You have used ${percent}% of your limit`,
      body: reached
        ? `You have used your whole ${limit} this month. New generations are paused${resets ? ` until it resets on ${resets}` : ""}; you can ask for more on My usage.`
        : `You have used ${percent}% of your ${limit} this month${resets ? `; it resets on ${resets}` : ""}.`,
      path: "/usage",
    };
  }
  const member = typeof payload.membershipId === "string" && UUID.test(payload.membershipId);
  return {
    title: reached ? `${who} reached their monthly limit` : `${who} used ${percent}% of their limit`,
    body: `${who} has used ${percent}% of their ${limit} this month${resets ? `; it resets on ${resets}` : ""}.`,
    path: member ? `/usage?member=${String(payload.membershipId)}` : "/settings/members",
  };
}

/**
 * The words for one event. Unknown or missing payload fields read as "some" instead of failing.
 * `viewerUserId` is who reads it: a member's own alert speaks to them, anyone else's about them.
 */
export function describeCreditEvent(
  type: string,
  payload: Record<string, unknown>,
  viewerUserId?: string,
): EventMessage {
  switch (type) {
    case "member_limit_warning":
    case "member_limit_reached":
      return describeLimitAlert(payload, viewerUserId !== undefined && payload.memberUserId === viewerUserId);
    case "member_limit_requested": {
      const who = text(payload.memberName, text(payload.memberEmail, "A member"));
      const id =
        typeof payload.requestId === "string" && UUID.test(payload.requestId) ? payload.requestId : "";
      return {
        title: `${who} asks for ${credits(payload.amount)} more credits`,
        body: `${who} asks for ${credits(payload.amount)} more credits this month: “${text(payload.reason, "no reason given")}”`,
        path: `/settings/members${id ? `?request=${id}` : ""}#requests`,
      };
    }
    case "member_limit_request_decided": {
      const approved = payload.decision === "approved";
      const note = text(payload.note, "");
      const noteLine = note ? ` Note: “${note}”` : "";
      const grant =
        payload.grant === "new_limit"
          ? `your monthly limit is now ${credits(payload.newLimit)} credits`
          : `you have ${credits(payload.amount)} extra credits for the rest of this month`;
      return {
        title: approved
          ? "Your request for more credits was approved"
          : "Your request for more credits was denied",
        body: approved
          ? `Your request for ${credits(payload.amount)} more credits was approved: ${grant}.${noteLine}`
          : `Your request for ${credits(payload.amount)} more credits was denied.${noteLine}`,
        path: "/usage",
      };
    }
    case "credit_balance_low": {
      const balance = whole(payload.balance);
      const left = balance === 1 ? "1 credit" : `${credits(payload.balance)} credits`;
      return {
        title: "Balance is low",
        body: `Balance is low: ${left} left, below your ${credits(payload.threshold)} threshold.`,
        path: "/settings/billing",
      };
    }
    case "credit_balance_depleted":
      return {
        title: "Credits ran out",
        body: "The credit balance reached zero. Usage that costs credits is refused until you add credits.",
        path: "/settings/billing",
      };
    case "credit_auto_recharge_triggered": {
      const paid = money(payload.amountCents, payload.currency);
      return {
        title: "Auto top-up added credits",
        body: `Auto top-up added ${credits(payload.credits)} credits${paid ? ` for ${paid}` : ""}.`,
        path: "/settings/billing",
      };
    }
    case "credit_purchase_failed": {
      const auto = payload.kind === "auto_top_up";
      const reason =
        typeof payload.message === "string" && payload.message
          ? payload.message
          : typeof payload.reason === "string" && payload.reason
            ? payload.reason.replaceAll("_", " ")
            : null;
      // A card that needs authentication: the link goes to the page that finishes the payment.
      const actionPath =
        typeof payload.actionPath === "string" ? payload.actionPath.replace(/^\/w\/[^/]+/, "") : "";
      const needsAuthentication = actionPath.startsWith("/settings/billing/");
      return {
        title: auto ? "Auto top-up failed" : "Payment failed",
        body: `${auto ? "An auto top-up" : "A purchase"} of ${credits(payload.credits)} credits failed${reason ? `: ${reason.replace(/[.\s]+$/, "")}` : ""}.${needsAuthentication ? " Finish the payment to add the credits." : ""}`,
        path: needsAuthentication ? actionPath : "/settings/billing",
      };
    }
    case "credit_purchase_refunded": {
      const refunded = money(payload.amountCents, payload.currency);
      return {
        title: "Payment refunded",
        body: `${refunded ? `A refund of ${refunded}` : "A refund"} took back ${credits(payload.credits)} credits${debtPart(payload)}.`,
        path: "/transactions",
      };
    }
    case "credit_purchase_disputed":
      return describeDispute(payload);
    case "test":
      return {
        title: "Test event",
        body: "A test event sent from Settings → Notifications.",
        path: "/settings/notifications",
      };
    default:
      return { title: "Credit event", body: "Something changed on your credits.", path: "/settings/billing" };
  }
}

/** ", 600 of them owed: spending is paused until they are paid" when a take-back left a debt. */
function debtPart(payload: Record<string, unknown>): string {
  const owed = whole(payload.owed);
  if (!owed) return "";
  return `; ${credits(owed)} of them were already spent and are owed: spending is paused until new credits pay them`;
}

function describeDispute(payload: Record<string, unknown>): EventMessage {
  const disputed = money(payload.amountCents, payload.currency) ?? "a payment";
  if (payload.status === "won")
    return {
      title: "Dispute won",
      body: `The dispute of ${disputed} was decided for you: ${credits(payload.released)} held credits are spendable again.`,
      path: "/transactions",
    };
  if (payload.status === "lost")
    return {
      title: "Dispute lost",
      body: `The dispute of ${disputed} was lost: ${credits(payload.credits)} credits were taken back${debtPart(payload)}.`,
      path: "/transactions",
    };
  return {
    title: "Payment disputed",
    body: `The cardholder disputed ${disputed}: ${credits(payload.held)} credits are held until the dispute is decided.`,
    path: "/transactions",
  };
}

/** The email for one event to one person. */
export function renderCreditEventEmail(input: {
  type: string;
  payload: Record<string, unknown>;
  workspaceName: string;
  workspaceUrl: string;
  /** The recipient, so a member's own alert speaks to them. */
  recipientUserId?: string | null;
}): { subject: string; text: string } {
  const message = describeCreditEvent(input.type, input.payload, input.recipientUserId ?? undefined);
  const isOwn =
    (OWN_LIMIT_EVENT_TYPES as readonly string[]).includes(input.type) &&
    (input.type === "member_limit_request_decided" || input.payload.memberUserId === input.recipientUserId);
  const why = isOwn
    ? `You get this because it is about your monthly limit in ${input.workspaceName}.`
    : (MEMBER_ALERT_TYPES as readonly string[]).includes(input.type)
      ? `You get this because you chose to get members' limit alerts in ${input.workspaceName}.`
      : `You get this because you are an owner or admin of ${input.workspaceName}.`;
  return {
    subject: `${message.title} · ${input.workspaceName}`,
    text: [
      message.body,
      "",
      `Open ${input.workspaceName}: ${input.workspaceUrl}${message.path}`,
      "",
      `${why} Choose which emails you get under Settings → Notifications: ${input.workspaceUrl}/settings/notifications`,
    ].join("\n"),
  };
}
