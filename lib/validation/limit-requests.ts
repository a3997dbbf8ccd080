import { z } from "zod";

const workspaceId = z.uuid();

/** The most a member may ask for at once (the table's check says the same). */
export const MAX_REQUEST_CREDITS = 1_000_000_000;
export const MAX_REASON_LENGTH = 500;

export const requestLimitIncreaseInput = z.object({
  workspaceId,
  amount: z
    .number({ error: "Enter a whole number of credits" })
    .int("Use a whole number of credits")
    .min(1, "Ask for at least 1 credit")
    .max(MAX_REQUEST_CREDITS, "Ask for at most 1,000,000,000 credits"),
  reason: z
    .string({ error: "Say what the credits are for" })
    .trim()
    .min(1, "Say what the credits are for")
    .max(MAX_REASON_LENGTH, `Use at most ${MAX_REASON_LENGTH} characters`),
});

export const limitRequestRefInput = z.object({ workspaceId, requestId: z.uuid() });

/** Approve for the rest of this month, approve as the new monthly limit, or deny (with a note). */
export const decideLimitRequestInput = z.object({
  workspaceId,
  requestId: z.uuid(),
  decision: z.enum(["approve_this_month", "approve_new_limit", "deny"]),
  note: z.string().trim().max(MAX_REASON_LENGTH, `Use at most ${MAX_REASON_LENGTH} characters`).optional(),
});

export const memberAlertSubscriptionInput = z.object({ workspaceId, on: z.boolean() });
