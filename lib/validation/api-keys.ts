import { z } from "zod";
import { MAX_CREDITS } from "@/db/schema/ledger";
import { formatNumber } from "@/lib/format";

export const createApiKeyInput = z.object({
  workspaceId: z.uuid(),
  name: z
    .string()
    .trim()
    .min(1, "Name the key (say, which service uses it)")
    .max(60, "At most 60 characters"),
});
export const revokeApiKeyInput = z.object({ workspaceId: z.uuid(), apiKeyId: z.uuid() });

const MAX_PER_SECOND = 10_000;
const MAX_BURST = 100_000;

/** A key's own limits, or null for the default. Bounds match the api_keys_rate_limit_sane check. */
export const updateApiKeyRateLimitInput = z.object({
  workspaceId: z.uuid(),
  apiKeyId: z.uuid(),
  limit: z
    .object({
      perSecond: z
        .number({ error: "Enter a whole number of requests" })
        .int("Enter a whole number of requests")
        .min(1, "At least 1 request a second")
        .max(MAX_PER_SECOND, `At most ${formatNumber(MAX_PER_SECOND)} a second`),
      burst: z
        .number({ error: "Enter a whole number of requests" })
        .int("Enter a whole number of requests")
        .min(1, "At least 1 request")
        .max(MAX_BURST, `At most ${formatNumber(MAX_BURST)}`),
    })
    .refine((limit) => limit.burst >= limit.perSecond, {
      path: ["burst"],
      message: "A burst can't be smaller than the rate a second",
    })
    .nullable(),
});

/** How many features and models one key's allowed list may name (the api_keys_allowed_models_sane check). */
export const MAX_ALLOWED_MODELS = 200;

/**
 * A key's monthly credit cap (null: none) and what it may spend on: "feature" (any of its models) or
 * "feature:model" entries, null for everything. Entries are checked against the rate card too.
 */
export const updateApiKeyBudgetInput = z.object({
  workspaceId: z.uuid(),
  apiKeyId: z.uuid(),
  monthlyCreditCap: z
    .number({ error: "Enter a whole number of credits" })
    .int("Enter a whole number of credits")
    .min(0, "The cap can't be negative")
    .max(MAX_CREDITS, "That cap is too large")
    .nullable(),
  allowedModels: z
    .array(
      z
        .string()
        .min(1)
        .max(201)
        .regex(/^[^:\s]{1,100}(:[^:\s]{1,100})?$/, "Pick features and models from the list"),
    )
    .min(1, "Pick at least one feature or model, or allow everything")
    .max(MAX_ALLOWED_MODELS, `At most ${MAX_ALLOWED_MODELS} entries`)
    .refine((entries) => new Set(entries).size === entries.length, "Each entry may appear once")
    .nullable(),
});
