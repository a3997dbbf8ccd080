// What each credit event says, in plain words: the bell's line, the email's subject and body, and
// the page it points to. Pure functions over the event's payload, so a test can read every one.
import type { CreditEventType } from "@/db/schema/payments";
import { formatCredits, formatMoney } from "@/lib/format";

export const CREDIT_EVENT_TYPES = [
  "credit_balance_low",
  "credit_balance_depleted",
  "credit_auto_recharge_triggered",
  "credit_purchase_failed",
  "credit_purchase_refunded",
  "credit_purchase_disputed",
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

/** The words for one event. Unknown or missing payload fields read as "some" instead of failing. */
export function describeCreditEvent(type: string, payload: Record<string, unknown>): EventMessage {
  switch (type) {
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
}): { subject: string; text: string } {
  const message = describeCreditEvent(input.type, input.payload);
  return {
    subject: `${message.title} · ${input.workspaceName}`,
    text: [
      message.body,
      "",
      `Open ${input.workspaceName}: ${input.workspaceUrl}${message.path}`,
      "",
      `You get this because you are an owner or admin of ${input.workspaceName}. Choose which credit emails you get under Settings → Notifications: ${input.workspaceUrl}/settings/notifications`,
    ].join("\n"),
  };
}
