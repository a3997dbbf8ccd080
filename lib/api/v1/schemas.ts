// The metering API's contract: these zod schemas validate requests, describe responses, and
// generate the OpenAPI document (GET /api/v1/openapi.json), so the three cannot drift apart. The
// request fields are the ledger's own (lib/validation/ledger.ts) with documentation added: a request
// is validated once, here, and the route hands it to the ledger's *Validated functions.
import { z } from "zod";
import { MAX_CREDITS } from "@/db/schema/ledger";
import { isSystemKey, RESERVED_KEY_MESSAGE } from "@/lib/ledger/keys";
import { saneInstant } from "@/lib/validation/dates";
import { generationSchema, holdInput, idempotencyKey, settingsSchema } from "@/lib/validation/ledger";

const credits = z.number().int().min(0).max(MAX_CREDITS);

export const memberRef = z
  .string()
  .min(1)
  .max(320)
  .meta({ description: "The member's email address or membership id.", example: "maya@northwind.test" });

export const generation = {
  feature: generationSchema.shape.feature.meta({
    description: "The tool: image, video, upscale, edit, ...",
    example: "image",
  }),
  model: generationSchema.shape.model.meta({ example: "imagine-standard" }),
  settings: generationSchema.shape.settings.meta({
    description: "Duration, resolution, quality, ... as priced on the rate card.",
    example: { quality: "hd" },
  }),
  results: generationSchema.shape.results.meta({ description: "Number of results (variants).", example: 4 }),
};

/** A key a client sends: never one in the system's own namespace (lib/ledger/keys.ts). */
export const clientIdempotencyKey = idempotencyKey.refine((key) => !isSystemKey(key), RESERVED_KEY_MESSAGE);

const key = clientIdempotencyKey.meta({
  description:
    "Your id for this charge (say the generation's id). Retrying with the same key and body returns the first result; nothing is charged twice. Keys starting with `hold:`, `expire:`, `subscription:`, `free:`, `upgrade:`, `stripe:`, `auto-top-up:` or `seed:` are Creditpool's own and are refused with 400.",
  example: "gen_01HZX4K9T2",
});

export const usageRequest = z
  .object({ idempotencyKey: key, member: memberRef, ...generation })
  .strict()
  .meta({ id: "UsageRequest" });

export const holdRequest = z
  .object({
    idempotencyKey: key,
    member: memberRef,
    ...generation,
    timeoutSeconds: holdInput.shape.timeoutSeconds.meta({
      description: "Released automatically after this long. Default 900.",
    }),
  })
  .strict()
  .meta({ id: "HoldRequest" });

export const settleRequest = z
  .object({
    settings: settingsSchema
      .optional()
      .meta({ description: "The settings actually used (default: the held ones)." }),
    results: generation.results
      .optional()
      .meta({ description: "The number of results actually made (default: the held number)." }),
  })
  .strict()
  .meta({ id: "SettleRequest" });

export const batchRequest = z
  .object({ records: z.array(usageRequest).min(1).max(1_000) })
  .strict()
  .meta({ id: "UsageBatchRequest" });

export const split = z.object({ free: credits, subscription: credits, topUp: credits }).meta({
  id: "Split",
  description: "How the credits were drawn: free first, then subscription, then top-up.",
});

export const usageResponse = z
  .object({
    id: z.uuid().meta({ description: "The usage event." }),
    entryId: z.number().int().meta({
      description: "The ledger entry of the charge (it appears in the workspace's transaction history).",
    }),
    credits,
    split,
    balance: z
      .object({ total: credits })
      .meta({ description: "The workspace's balance right after this charge." }),
  })
  .meta({ id: "UsageResponse" });

export const holdResponse = z
  .object({ id: z.uuid(), credits, expiresAt: z.iso.datetime({ offset: true }) })
  .meta({ id: "HoldResponse" });

export const settleResponse = z
  .object({
    id: z.uuid().nullable().meta({ description: "The usage event (null when the actual cost was 0)." }),
    holdId: z.uuid(),
    credits,
    released: credits,
    split,
    balance: z.object({ total: credits }),
  })
  .meta({ id: "SettleResponse" });

export const releaseResponse = z
  .object({ holdId: z.uuid(), released: credits, status: z.enum(["released", "expired"]) })
  .meta({ id: "ReleaseResponse" });

export const errorBody = z
  .object({
    error: z.object({
      code: z
        .enum([
          "insufficient_credits",
          "member_limit_reached",
          "subscription_required",
          "credits_owed",
          "topup_not_allowed",
          "key_budget_reached",
          "model_not_allowed",
          "invalid_request",
          "invalid_json",
          "unauthorized",
          "rate_limited",
          "payload_too_large",
          "idempotency_conflict",
          "member_not_found",
          "unknown_feature",
          "unknown_model",
          "unknown_settings",
          "not_found",
          "hold_not_found",
          "hold_not_active",
          "hold_expired",
          "exceeds_hold",
          "internal_error",
        ])
        .meta({ example: "insufficient_credits" }),
      message: z.string(),
      details: z.record(z.string(), z.unknown()).optional(),
      fieldErrors: z.record(z.string(), z.array(z.string())).optional(),
    }),
  })
  .meta({ id: "Error" });

export const quoteResponse = z
  .object({
    credits: credits.meta({ description: "What the generation costs." }),
    split: split.nullable().meta({
      description: "How the credits would be drawn; null when a limit would refuse the charge.",
    }),
    balance: z
      .object({ total: credits })
      .nullable()
      .meta({ description: "The workspace's balance after the charge; null when it would be refused." }),
    replayed: z.boolean().meta({
      description:
        "The idempotency key was already charged for this same request: POST /usage would return that first result and charge nothing again.",
    }),
    wouldRefuse: z
      .object({
        code: z.enum([
          "model_not_allowed",
          "credits_owed",
          "subscription_required",
          "key_budget_reached",
          "member_limit_reached",
          "topup_not_allowed",
          "insufficient_credits",
        ]),
        message: z.string(),
        details: z.record(z.string(), z.unknown()).meta({
          description:
            "As in POST /usage's 402: `limitType` says which limit (api_key_allowed_models, workspace_debt, plan, api_key_monthly_cap, member_monthly_limit, member_top_up_permission, workspace_balance), with what is left and `resetsAt` for monthly limits, and `resolution` who can lift it.",
        }),
      })
      .nullable()
      .meta({ description: "null: POST /usage would charge it now. Otherwise the 402 it would answer." }),
  })
  .meta({ id: "QuoteResponse" });

export const batchResponse = z
  .object({
    results: z.array(
      z.object({
        index: z.number().int(),
        status: z.number().int().meta({
          description: "The status this record would have had on its own: 201, 200, 402, 409, 422 or 400.",
        }),
        body: z.union([usageResponse, errorBody]),
      }),
    ),
    succeeded: z.number().int(),
    failed: z.number().int(),
  })
  .meta({ id: "UsageBatchResponse" });

const typeBalance = z.object({ amount: credits, nextExpiry: z.iso.datetime({ offset: true }).nullable() });

export const balanceResponse = z
  .object({
    total: credits,
    byType: z.object({ free: typeBalance, subscription: typeBalance, topUp: typeBalance }),
    held: credits,
    lifetimeAdded: credits,
    lifetimeSpent: credits,
    member: z
      .object({
        id: z.uuid(),
        email: z.string(),
        monthlyLimit: credits.nullable().meta({ description: "null: Unlimited." }),
        used: credits.meta({ description: "Everything the member used this month (spent and held)." }),
        notCounted: credits.meta({
          description:
            "Of `used`, what was used before a limit that starts from now was set this month: it does not count against the limit.",
        }),
        remaining: credits.nullable(),
        resetsAt: z.iso.datetime({ offset: true }),
      })
      .optional(),
  })
  .meta({ id: "BalanceResponse" });

export const usageQuery = z
  .object({
    from: saneInstant.meta({ description: "Start (inclusive), ISO 8601, between 2000 and 2100." }),
    to: saneInstant.meta({ description: "End (exclusive), ISO 8601, between 2000 and 2100." }),
    groupBy: z.enum(["model", "feature", "member", "apiKey"]).default("model"),
    apiKey: z
      .union([z.uuid(), z.literal("none")])
      .optional()
      .meta({ description: "Only the usage of this API key (its id); `none` for usage made in the app." }),
  })
  .meta({ id: "UsageQuery" });

export const usageTotalsResponse = z
  .object({
    from: z.string(),
    to: z.string(),
    groupBy: z.enum(["model", "feature", "member", "apiKey"]),
    apiKey: z.string().nullable().meta({ description: "The API key filter, if any." }),
    total: z.object({ credits, generations: z.number().int() }),
    groups: z.array(z.object({ key: z.string(), label: z.string(), credits, generations: z.number().int() })),
  })
  .meta({ id: "UsageTotalsResponse" });
