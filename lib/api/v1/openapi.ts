// The OpenAPI 3.1 document, generated from the same zod schemas that validate the requests.
import { z } from "zod";
import * as schemas from "./schemas";

const ref = (id: string) => ({ $ref: `#/components/schemas/${id}` });
const json = (id: string) => ({ "application/json": { schema: ref(id) } });

/** The IETF RateLimit header fields, sent with every answer to a valid key (lib/api/v1/rate-limit.ts). */
const RATE_LIMIT_HEADERS = {
  "RateLimit-Policy": {
    description:
      "The key's policy as a quota refilled over a window: `\"api-key\";q=300;w=3` is bursts of 300 refilled in 3 seconds (100 a second), the default. Owners and admins can set a key's own limits on the API keys page.",
    schema: { type: "string" },
  },
  RateLimit: {
    description:
      '`"api-key";r=<requests left now>;t=<seconds until the full burst is available again>`. A batch counts as one request per started 100 records.',
    schema: { type: "string" },
  },
  "Retry-After": {
    description: "On 429 only: whole seconds to wait before the request would be allowed.",
    schema: { type: "integer", minimum: 1 },
  },
} as const;
const rateHeaderRefs = (withRetryAfter: boolean) =>
  Object.fromEntries(
    Object.keys(RATE_LIMIT_HEADERS)
      .filter((name) => withRetryAfter || name !== "Retry-After")
      .map((name) => [name, { $ref: `#/components/headers/${name}` }]),
  );

/** Every answer to a valid key carries the RateLimit headers; 401s (no valid key) do not. */
function withRateLimitHeaders<T extends Record<string, unknown>>(paths: T): T {
  for (const item of Object.values(paths)) {
    for (const operation of Object.values(item as Record<string, { responses?: Record<string, object> }>)) {
      for (const [status, response] of Object.entries(operation.responses ?? {})) {
        if (status === "401") continue;
        Object.assign(response, { headers: rateHeaderRefs(status === "429") });
      }
    }
  }
  return paths;
}

function errors(...statuses: number[]) {
  const text: Record<number, string> = {
    400: "Invalid input; `error.fieldErrors` says which fields.",
    401: "Missing, invalid or revoked API key.",
    402: "Refused: `error.code` is insufficient_credits, member_limit_reached, subscription_required, credits_owed (the workspace owes credits after a refunded or disputed payment), topup_not_allowed (the member may not use top-up credits and the free and subscription credits can't pay), key_budget_reached (this API key's monthly credit cap) or model_not_allowed (outside this API key's allowed features and models); `error.details` says which limit (`limitType`), what is left, when it resets and who can raise it. Nothing was charged.",
    404: "No such hold.",
    409: "The idempotency key was used with a different request, or the hold is no longer active.",
    410: "The hold timed out; its credits were released.",
    413: "The request body is too large.",
    422: "Unknown member, feature, model or settings.",
    429: "Too many requests for this API key: nothing was done. Retry after the `Retry-After` header's seconds; `RateLimit` and `RateLimit-Policy` say the key's limit and what is left.",
  };
  return Object.fromEntries(
    statuses.map((s) => [String(s), { description: text[s], content: json("Error") }]),
  );
}

export function buildOpenApiDocument(serverUrl: string) {
  // Touch the schemas so every one with an id is registered before the registry is read.
  void schemas;
  // Requests are described as callers may send them (defaults make fields optional), responses
  // as we send them.
  const generate = (io: "input" | "output") =>
    (
      z.toJSONSchema(z.globalRegistry, {
        uri: (id) => `#/components/schemas/${id}`,
        io,
        unrepresentable: "any",
      }) as unknown as { schemas: Record<string, Record<string, unknown>> }
    ).schemas;
  const inputs = generate("input");
  const components = generate("output");
  for (const id of ["UsageRequest", "HoldRequest", "SettleRequest", "UsageBatchRequest", "UsageQuery"]) {
    if (inputs[id]) components[id] = inputs[id];
  }
  for (const schema of Object.values(components)) {
    delete schema.$schema;
    delete schema.$id;
  }
  const idempotent =
    "Send the same `idempotencyKey` again (say after a timeout) to get the first answer back without a second charge.";
  return {
    openapi: "3.1.0",
    info: {
      title: "Creditpool metering API",
      version: "1.0.0",
      description:
        "Generation services call this before and after every image or video. Authenticate with `Authorization: Bearer <API key>` (Settings → API keys). Credits are integers.",
    },
    servers: [{ url: serverUrl }],
    security: [{ apiKey: [] }],
    components: {
      securitySchemes: { apiKey: { type: "http", scheme: "bearer" } },
      schemas: components,
      headers: RATE_LIMIT_HEADERS,
    },
    paths: withRateLimitHeaders({
      "/api/v1/usage": {
        post: {
          operationId: "chargeUsage",
          summary: "Charge a finished generation",
          description: `Prices the generation from the rate card and draws free, then subscription, then top-up credits. ${idempotent}`,
          requestBody: { required: true, content: json("UsageRequest") },
          responses: {
            "201": { description: "Charged.", content: json("UsageResponse") },
            "200": {
              description:
                "A repeat of an earlier request with the same key: the first result, nothing charged again.",
              content: json("UsageResponse"),
            },
            ...errors(400, 401, 402, 409, 413, 422, 429),
          },
        },
        get: {
          operationId: "usageTotals",
          summary: "Credit totals for a period",
          parameters: [
            {
              name: "from",
              in: "query",
              required: true,
              description: "Start of the period (inclusive), ISO 8601 with an offset.",
              schema: { type: "string", format: "date-time" },
              example: "2026-11-01T00:00:00Z",
            },
            {
              name: "to",
              in: "query",
              required: true,
              description: "End of the period (exclusive), ISO 8601 with an offset.",
              schema: { type: "string", format: "date-time" },
              example: "2026-12-01T00:00:00Z",
            },
            {
              name: "groupBy",
              in: "query",
              required: false,
              description:
                "`apiKey` groups by the API key that metered the usage (key `none`: made in the app).",
              schema: { type: "string", enum: ["model", "feature", "member", "apiKey"], default: "model" },
            },
            {
              name: "apiKey",
              in: "query",
              required: false,
              description:
                "Only the usage of this API key (its id, as on the API keys page); `none` for usage made in the app.",
              schema: {
                anyOf: [
                  { type: "string", format: "uuid" },
                  { type: "string", const: "none" },
                ],
              },
            },
          ],
          responses: {
            "200": { description: "Totals.", content: json("UsageTotalsResponse") },
            ...errors(400, 401, 429),
          },
        },
      },
      "/api/v1/quote": {
        post: {
          operationId: "quoteUsage",
          summary: "What a generation would cost, and whether a limit would refuse it",
          description:
            "Takes the same body as POST /usage and answers what it would charge now: the cost, the split by credit type and the balance after, or in `wouldRefuse` the 402 it would answer (which limit: pool, member, API key, plan, top-up permission or debt, and when it resets). Worked out by the same ledger function as the charge, as a dry run: nothing is charged or written, and the idempotency key stays unused. A snapshot: the charge itself may still find things changed.",
          requestBody: { required: true, content: json("UsageRequest") },
          responses: {
            "200": { description: "The quote.", content: json("QuoteResponse") },
            ...errors(400, 401, 409, 413, 422, 429),
          },
        },
      },
      "/api/v1/usage/batch": {
        post: {
          operationId: "chargeUsageBatch",
          summary: "Charge up to 1,000 generations at once",
          description:
            "Each record has its own idempotency key and gets its own result (with the status it would have had alone).",
          requestBody: { required: true, content: json("UsageBatchRequest") },
          responses: {
            "200": { description: "Per-record results.", content: json("UsageBatchResponse") },
            ...errors(400, 401, 413, 429),
          },
        },
      },
      "/api/v1/holds": {
        post: {
          operationId: "createHold",
          summary: "Reserve the worst-case cost before a long generation",
          description: `Settle it with the actual cost or release it; a hold neither settled nor released is released after its timeout. ${idempotent}`,
          requestBody: { required: true, content: json("HoldRequest") },
          responses: {
            "201": { description: "Held.", content: json("HoldResponse") },
            "200": {
              description: "A repeat of an earlier request with the same key.",
              content: json("HoldResponse"),
            },
            ...errors(400, 401, 402, 409, 413, 422, 429),
          },
        },
      },
      "/api/v1/holds/{holdId}/settle": {
        post: {
          operationId: "settleHold",
          summary: "Charge the actual cost of a held generation (at most the hold) and free the rest",
          description: "Settling twice returns the first result.",
          parameters: [
            { name: "holdId", in: "path", required: true, schema: { type: "string", format: "uuid" } },
          ],
          requestBody: { required: false, content: json("SettleRequest") },
          responses: {
            "200": { description: "Settled.", content: json("SettleResponse") },
            ...errors(400, 401, 404, 409, 410, 413, 422, 429),
          },
        },
      },
      "/api/v1/holds/{holdId}/release": {
        post: {
          operationId: "releaseHold",
          summary: "Free a hold in full",
          description: "Releasing twice returns the first result.",
          parameters: [
            { name: "holdId", in: "path", required: true, schema: { type: "string", format: "uuid" } },
          ],
          responses: {
            "200": { description: "Released.", content: json("ReleaseResponse") },
            ...errors(401, 404, 409, 413, 429),
          },
        },
      },
      "/api/v1/balance": {
        get: {
          operationId: "getBalance",
          summary: "The workspace's balance, and a member's monthly allowance",
          parameters: [
            {
              name: "member",
              in: "query",
              required: false,
              schema: { type: "string", minLength: 1, maxLength: 320 },
              description: "Email or membership id.",
            },
          ],
          responses: {
            "200": { description: "Balance.", content: json("BalanceResponse") },
            ...errors(400, 401, 422, 429),
          },
        },
      },
    }),
  };
}
