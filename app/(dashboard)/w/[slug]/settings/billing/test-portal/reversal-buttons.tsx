"use client";

import { useRouter } from "next/navigation";
import { useId, useState, type FormEvent } from "react";
import { toast } from "sonner";
import { reverseTestPaymentAction } from "@/lib/actions/credits/reverse-test-payment";
import { dollarsText, parseDollars } from "@/lib/billing/amount-input";
import { formatCents } from "@/lib/billing/top-ups";
import type { PortalPaymentState } from "@/lib/payments/test-portal";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Modal } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { MoneyInput } from "@/components/ui/money-input";
import { useActionForm } from "@/components/ui/run-action";

type Props = {
  workspaceId: string;
  /** The payment: a purchase (or auto top-up) by id, or a plan invoice by its id. */
  payment: { purchaseId: string } | { invoiceId: string };
  label: string;
  state: PortalPaymentState;
};

const DISPUTE_BADGES = {
  needs_response: { label: "Disputed", tone: "warning" },
  won: { label: "Dispute won", tone: "success" },
  lost: { label: "Dispute lost", tone: "neutral" },
} as const;

/**
 * The test portal's Refund, Open dispute, Win and Lose for one paid payment: what Stripe's dashboard
 * or a cardholder's bank would do. The server sends the event Stripe would send, signed, through the
 * webhook handling, so the credits move exactly as they would with Stripe.
 */
export function ReversalButtons({ workspaceId, payment, label, state }: Props) {
  const router = useRouter();
  const ids = useId();
  const form = useActionForm();
  const [isRefundOpen, setRefundOpen] = useState(false);
  const [amount, setAmount] = useState(dollarsText(state.refundableCents));
  const [busy, setBusy] = useState(false);

  async function send(action: "open_dispute" | "win" | "lose") {
    setBusy(true);
    const result = await form.run(() => reverseTestPaymentAction({ workspaceId, ...payment, action }));
    setBusy(false);
    if (!result.ok) return toast.error(result.error.message);
    toast.success(result.data.message);
    router.refresh();
  }

  async function refund(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const cents = parseDollars(amount);
    if (cents === null || Number.isNaN(cents) || cents <= 0)
      return form.fail("Enter an amount in dollars, like 12.50.");
    const result = await form.run(() =>
      reverseTestPaymentAction({ workspaceId, ...payment, action: "refund", amountCents: cents }),
    );
    if (!result.ok) return;
    setRefundOpen(false);
    toast.success(result.data.message);
    router.refresh();
  }

  const dispute = state.dispute ? DISPUTE_BADGES[state.dispute] : null;
  const canRefund = state.refundableCents > 0 && (state.dispute === null || state.dispute === "won");
  return (
    <div className="flex flex-wrap items-center justify-end gap-2" data-testid="reversal-buttons">
      {state.refundedCents > 0 ? (
        <Badge tone="neutral">Refunded {formatCents(state.refundedCents)}</Badge>
      ) : null}
      {dispute ? <Badge tone={dispute.tone}>{dispute.label}</Badge> : null}
      {canRefund ? (
        <Button
          variant="secondary"
          onClick={() => {
            form.clear();
            setAmount(dollarsText(state.refundableCents));
            setRefundOpen(true);
          }}
        >
          Refund
        </Button>
      ) : null}
      {state.dispute === null && state.refundableCents > 0 ? (
        <Button variant="secondary" disabled={busy} onClick={() => send("open_dispute")}>
          Open dispute
        </Button>
      ) : null}
      {state.dispute === "needs_response" ? (
        <>
          <Button variant="secondary" disabled={busy} onClick={() => send("win")}>
            Win
          </Button>
          <Button variant="danger" disabled={busy} onClick={() => send("lose")}>
            Lose
          </Button>
        </>
      ) : null}
      <Modal
        open={isRefundOpen}
        onOpenChange={setRefundOpen}
        title={`Refund ${label}`}
        description={`Test mode: sends the charge.refunded event Stripe would send. Up to ${formatCents(state.refundableCents)} is left to refund; the refunded share of the credits is taken back.`}
        width="max-w-md"
      >
        <form onSubmit={refund} className="space-y-4 px-6 py-5" noValidate>
          <Field id={`${ids}-amount`} label="Amount to refund" errors={form.fieldErrors.amountCents}>
            {(aria) => (
              <MoneyInput
                {...aria}
                name="amount"
                value={amount}
                onChange={(e) => setAmount(e.target.value)}
              />
            )}
          </Field>
          {form.message ? <FormMessage>{form.message}</FormMessage> : null}
          <div className="flex justify-end gap-2">
            <Button type="button" variant="secondary" onClick={() => setRefundOpen(false)}>
              Cancel
            </Button>
            <Button type="submit" variant="danger" disabled={form.pending}>
              {form.pending ? "Refunding…" : "Refund"}
            </Button>
          </div>
        </form>
      </Modal>
    </div>
  );
}
