// Where a card being kept comes from, read from an action's input: a SetupIntent Elements confirmed
// (Stripe), or one of the stand-in's test cards (test mode). Shared by Payment methods' Add a card and
// the Auto Top Up dialog's card.
import "server-only";
import { fail } from "@/lib/actions/action-client";
import { findTestPaymentMethod } from "@/lib/payments/test-cards";
import type { CardSource, PaymentsMode } from "@/lib/payments/types";

export function cardSourceOf(
  mode: PaymentsMode,
  input: { setupIntentId?: string; testPaymentMethod?: string },
): { ok: true; source: CardSource } | ReturnType<typeof fail> {
  if (mode === "test")
    return input.testPaymentMethod && findTestPaymentMethod(input.testPaymentMethod)
      ? { ok: true, source: { testCard: input.testPaymentMethod } }
      : fail("invalid_input", "Pick one of the test cards.", {
          testPaymentMethod: ["Pick one of the test cards"],
        });
  return input.setupIntentId
    ? { ok: true, source: { setupIntentId: input.setupIntentId } }
    : fail("invalid_input", "Enter the card details first.", {
        setupIntentId: ["Enter the card details first"],
      });
}
