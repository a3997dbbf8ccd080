import { z } from "zod";
import { saneDay } from "@/lib/validation/dates";
import { MAX_CREDITS } from "@/db/schema/ledger";
import { MAX_PURCHASE_CREDITS, MIN_PURCHASE_CREDITS, PURCHASE_STEP } from "@/lib/billing/top-ups";
import { formatCredits } from "@/lib/format";

const workspaceId = z.uuid();

export const purchaseCreditsSchema = z
  .number({ error: "Enter a whole number of credits" })
  .int("Enter a whole number of credits")
  .min(MIN_PURCHASE_CREDITS, `Buy at least ${formatCredits(MIN_PURCHASE_CREDITS)} credits`)
  .max(MAX_PURCHASE_CREDITS, `Buy at most ${formatCredits(MAX_PURCHASE_CREDITS)} credits at a time`)
  .refine((n) => n % PURCHASE_STEP === 0, `Buy credits in steps of ${PURCHASE_STEP}`);

export const startPurchaseInput = z.object({ workspaceId, credits: purchaseCreditsSchema });
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
    .enum(["purchase", "auto_top_up", "grant", "spend", "hold", "release", "refund", "expire", "adjustment"])
    .optional()
    .catch(undefined),
  member: z.uuid().optional().catch(undefined),
  from: saneDay.optional().catch(undefined),
  to: saneDay.optional().catch(undefined),
});
export type TransactionFilterParams = z.infer<typeof transactionFilterSchema>;
