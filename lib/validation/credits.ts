import { z } from "zod";
import { saneDay } from "@/lib/validation/dates";
import { MAX_CREDITS } from "@/db/schema/ledger";
import {
  MAX_PURCHASE_CENTS,
  MAX_PURCHASE_CREDITS,
  MIN_PURCHASE_CENTS,
  MIN_PURCHASE_CREDITS,
  PURCHASE_STEP,
  formatCents,
} from "@/lib/billing/top-ups";
import { formatCredits } from "@/lib/format";

const workspaceId = z.uuid();

export const purchaseCreditsSchema = z
  .number({ error: "Enter a whole number of credits" })
  .int("Enter a whole number of credits")
  .min(MIN_PURCHASE_CREDITS, `Buy at least ${formatCredits(MIN_PURCHASE_CREDITS)} credits`)
  .max(MAX_PURCHASE_CREDITS, `Buy at most ${formatCredits(MAX_PURCHASE_CREDITS)} credits at a time`)
  .refine((n) => n % PURCHASE_STEP === 0, `Buy credits in steps of ${PURCHASE_STEP}`);

/** An amount to spend on credits, in whole cents: it buys the most credits it covers. */
const purchaseCentsSchema = z
  .number({ error: "Enter an amount in dollars" })
  .int("Enter whole cents")
  .min(MIN_PURCHASE_CENTS, `Spend at least ${formatCents(MIN_PURCHASE_CENTS)}`)
  .max(MAX_PURCHASE_CENTS, `Spend at most ${formatCents(MAX_PURCHASE_CENTS)} at a time`);

/**
 * Purchase Credits: a number of credits or an amount in USD (exactly one), and optionally the price
 * the dialog showed, which the server must match or refuse.
 */
export const startPurchaseInput = z
  .object({
    workspaceId,
    credits: purchaseCreditsSchema.optional(),
    amountCents: purchaseCentsSchema.optional(),
    shownPriceCents: z
      .number({ error: "The price shown must be whole cents" })
      .int("The price shown must be whole cents")
      .min(0, "The price shown must be whole cents")
      .max(MAX_PURCHASE_CENTS, "The price shown must be whole cents")
      .optional(),
  })
  .superRefine((input, issues) => {
    if ((input.credits === undefined) === (input.amountCents === undefined)) {
      issues.addIssue({
        code: "custom",
        path: ["credits"],
        message: "Give either a number of credits or an amount in USD",
      });
    }
  });
export const testCheckoutInput = z.object({
  workspaceId,
  sessionId: z.string().regex(/^cs_test_local_[a-f0-9]{32}$/, "Unknown checkout"),
  action: z.enum(["pay", "cancel"]),
  cardNumber: z.string().max(30).optional(),
});
/** The portal always sends the customer back to Credits & Billing. */
export const portalInput = z.object({ workspaceId });
export const lowBalanceThresholdInput = z.object({
  workspaceId,
  threshold: z
    .number({ error: "Enter a whole number of credits" })
    .int("Use a whole number")
    .min(0)
    .max(MAX_CREDITS),
});

export const transactionFilterSchema = z.object({
  type: z
    .enum([
      "purchase",
      "auto_top_up",
      "grant",
      "spend",
      "hold",
      "release",
      "refund",
      "payment_refund",
      "dispute",
      "debt",
      "expire",
      "adjustment",
    ])
    .optional()
    .catch(undefined),
  member: z.uuid().optional().catch(undefined),
  from: saneDay.optional().catch(undefined),
  to: saneDay.optional().catch(undefined),
});
export type TransactionFilterParams = z.infer<typeof transactionFilterSchema>;

/** The test portal's Refund / Open dispute / Win / Lose on one paid purchase, auto top-up or plan invoice. */
export const testReversalInput = z
  .object({
    workspaceId,
    purchaseId: z.uuid("Unknown payment").optional(),
    invoiceId: z
      .string()
      .regex(/^in_test_local_\d{1,15}$/, "Unknown invoice")
      .optional(),
    action: z.enum(["refund", "open_dispute", "win", "lose"]),
    /** Only for a refund: how much goes back, in cents. */
    amountCents: z
      .number({ error: "Enter an amount in cents" })
      .int("Use whole cents")
      .min(1, "Refund at least 1 cent")
      .max(100_000_000)
      .optional(),
  })
  .refine((input) => (input.purchaseId ? !input.invoiceId : Boolean(input.invoiceId)), {
    message: "Name one purchase or one invoice",
    path: ["purchaseId"],
  })
  .refine((input) => input.action !== "refund" || input.amountCents !== undefined, {
    message: "Enter the amount to refund",
    path: ["amountCents"],
  });
