import { z } from "zod";
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
