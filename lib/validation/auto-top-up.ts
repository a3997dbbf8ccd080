import { z } from "zod";
import { MAX_MONTHLY_CAP_DOLLARS, autoTopUpPriceCents } from "@/lib/billing/auto-top-up";
import { formatCents } from "@/lib/billing/top-ups";
import { formatCredits } from "@/lib/format";
import { purchaseCreditsSchema } from "./credits";

const workspaceId = z.uuid();

export const TEST_PAYMENT_METHOD_IDS = [
  "pm_card_visa",
  "pm_card_chargeDeclinedInsufficientFunds",
  "pm_card_authenticationRequired",
] as const;

/**
 * The Auto Top Up dialog's Save. The threshold runs from 0 up to the purchase amount (so one
 * top-up always lifts the balance back over it), and a cap must allow at least one top-up.
 */
export const saveAutoTopUpInput = z
  .object({
    workspaceId,
    enabled: z.boolean(),
    threshold: z
      .number({ error: "Enter a whole number of credits" })
      .int("Enter a whole number of credits")
      .min(0, "The threshold can't be negative"),
    credits: purchaseCreditsSchema,
    monthlyCapCents: z
      .number({ error: "Enter an amount in dollars" })
      .int("Enter whole cents")
      .positive("Enter an amount above $0, or leave it empty for no cap")
      .max(MAX_MONTHLY_CAP_DOLLARS * 100, "That cap is larger than any plan allows")
      .nullable(),
  })
  .superRefine((input, issues) => {
    // Zod runs this even when a field failed its own checks (say credits of -2^53): the rules
    // that compare fields only apply to fields that are valid themselves.
    if (!purchaseCreditsSchema.safeParse(input.credits).success || !Number.isSafeInteger(input.threshold))
      return;
    if (input.threshold > input.credits) {
      issues.addIssue({
        code: "custom",
        path: ["threshold"],
        message: `Set the threshold at or below the purchase amount (${formatCredits(input.credits)} credits)`,
      });
    }
    const price = autoTopUpPriceCents(input.credits);
    if (input.monthlyCapCents !== null && price !== null && input.monthlyCapCents < price) {
      issues.addIssue({
        code: "custom",
        path: ["monthlyCapCents"],
        message: `The cap must allow at least one top-up (${formatCents(price)})`,
      });
    }
  });

export const startCardSetupInput = z.object({ workspaceId });

export const saveCardInput = z.object({
  workspaceId,
  /** Stripe: the SetupIntent Elements confirmed. */
  setupIntentId: z
    .string()
    .regex(/^seti_[A-Za-z0-9]+$/, "Unknown card setup")
    .optional(),
  /** Test mode: the card picked from the test cards. */
  testPaymentMethod: z.enum(TEST_PAYMENT_METHOD_IDS, { error: "Pick one of the test cards" }).optional(),
});

export const completeTestAuthenticationInput = z.object({ workspaceId, purchaseId: z.uuid() });

export const retryAutoTopUpInput = z.object({ workspaceId });
