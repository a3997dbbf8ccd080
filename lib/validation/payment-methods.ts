import { z } from "zod";
import { TEST_PAYMENT_METHOD_IDS } from "./auto-top-up";
import { purchaseCreditsSchema } from "./credits";

const workspaceId = z.uuid();

/** A Stripe PaymentMethod id (pm_…), or the test-mode stand-in's (pm_test_local_…). */
export const paymentMethodId = z
  .string()
  .max(255)
  .regex(/^pm_[A-Za-z0-9_]+$/, "Unknown card");

export const purchaseWithSavedCardInput = z.object({
  workspaceId,
  credits: purchaseCreditsSchema,
  /** The card the dialog showed: it must still be the default when the purchase is confirmed. */
  paymentMethodId,
  /** Made by the dialog for this confirmation: a repeat of it makes no second purchase. */
  requestId: z.uuid(),
});

export const finishSavedCardPurchaseInput = z.object({
  workspaceId,
  purchaseId: z.uuid(),
  /** Test mode only: the card holder's answer on the stand-in's 3-D Secure step. */
  testOutcome: z.enum(["authenticate", "fail"]).optional(),
});

export const startAddingCardInput = z.object({ workspaceId });

export const addPaymentMethodInput = z.object({
  workspaceId,
  setupIntentId: z
    .string()
    .max(255)
    .regex(/^seti_[A-Za-z0-9]+$/, "Unknown card setup")
    .optional(),
  testPaymentMethod: z.enum(TEST_PAYMENT_METHOD_IDS, { error: "Pick one of the test cards" }).optional(),
});

export const paymentMethodInput = z.object({ workspaceId, paymentMethodId });

export const checkoutInput = z.object({ workspaceId, purchaseId: z.uuid() });
