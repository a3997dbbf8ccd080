import "server-only";
import { z } from "zod";
import { takeBufferedBody } from "@/lib/http/buffered-body";
import { jsonResponse } from "@/lib/http/json-response";
import type { LedgerFailure } from "@/lib/ledger";
import { jsonTextTooDeep, MAX_JSON_DEPTH } from "@/lib/validation/depth";
import { toFieldErrors } from "@/lib/validation/field-errors";
import { findUnstorableText } from "@/lib/validation/storable";

export const MAX_BODY_BYTES = 64 * 1024;
export const MAX_BATCH_BODY_BYTES = 2 * 1024 * 1024;

export function apiError(
  status: number,
  code: string,
  message: string,
  extra: Record<string, unknown> = {},
): Response {
  return jsonResponse({ error: { code, message, ...extra } }, { status });
}

type TextRead = { ok: true; text: string | null } | { ok: false; response: Response };
type JsonRead = { ok: true; value: unknown } | { ok: false; response: Response };

const tooLarge = (maxBytes: number): TextRead => ({
  ok: false,
  response: apiError(413, "payload_too_large", `The request body is larger than ${maxBytes} bytes.`),
});

/**
 * The body as text, answered at once, when the request holds it in memory (the lean path: at most the
 * bridge's cap) or declares a length over `maxBytes`; null when it must be read from its stream.
 */
function textNow(request: Request, maxBytes: number): TextRead | null {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > maxBytes) return tooLarge(maxBytes);
  const held = takeBufferedBody(request);
  if (held.kind !== "bytes") return null;
  if (held.bytes === null) return { ok: true, text: null };
  if (held.bytes.byteLength > maxBytes) return tooLarge(maxBytes);
  return {
    ok: true,
    text: Buffer.from(held.bytes.buffer, held.bytes.byteOffset, held.bytes.byteLength).toString("utf8"),
  };
}

/**
 * Reads a body of at most `maxBytes` as text without ever buffering more than that (a declared
 * Content-Length over the limit is refused before reading anything).
 */
export async function readBoundedText(request: Request, maxBytes: number): Promise<TextRead> {
  const now = textNow(request, maxBytes);
  if (now) return now;
  if (!request.body) return { ok: true, text: null };
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      return tooLarge(maxBytes);
    }
    chunks.push(value);
  }
  return { ok: true, text: Buffer.concat(chunks).toString("utf8") };
}

function parseJsonText(read: TextRead): JsonRead {
  if (!read.ok) return read;
  const text = read.text;
  if (text === null)
    return { ok: false, response: apiError(400, "invalid_json", "The request needs a JSON body.") };
  if (jsonTextTooDeep(text)) {
    return {
      ok: false,
      response: apiError(
        400,
        "invalid_json",
        `The request body nests more than ${MAX_JSON_DEPTH} levels deep.`,
      ),
    };
  }
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false, response: apiError(400, "invalid_json", "The request body is not valid JSON.") };
  }
}

/**
 * Reads a JSON body of at most `maxBytes` without ever buffering more than that. Answered at once (no
 * promise) when the body is already in memory, as on the lean path, where each spend would otherwise
 * pay for two more promises; `await` takes either.
 */
export function readJson(request: Request, maxBytes: number): JsonRead | Promise<JsonRead> {
  const now = textNow(request, maxBytes);
  return now ? parseJsonText(now) : readBoundedText(request, maxBytes).then(parseJsonText);
}

/** Parses with zod; a failure is a 400 with the field errors. */
export function parseInput<S extends z.ZodType>(
  schema: S,
  value: unknown,
): { ok: true; data: z.output<S> } | { ok: false; response: Response } {
  const unstorable = findUnstorableText(value);
  if (unstorable) {
    return {
      ok: false,
      response: apiError(400, "invalid_request", "The request is not valid; see fieldErrors.", {
        fieldErrors: { [unstorable.path]: [unstorable.message] },
      }),
    };
  }
  const parsed = schema.safeParse(value);
  if (parsed.success) return { ok: true, data: parsed.data };
  const fieldErrors = toFieldErrors(parsed.error.issues);
  return {
    ok: false,
    response: apiError(400, "invalid_request", "The request is not valid; see fieldErrors.", { fieldErrors }),
  };
}

const STATUS: Record<LedgerFailure["code"], number> = {
  insufficient_credits: 402,
  member_limit_reached: 402,
  subscription_required: 402,
  credits_owed: 402,
  topup_not_allowed: 402,
  key_budget_reached: 402,
  model_not_allowed: 402,
  invalid_input: 400,
  invalid_amount: 400,
  invalid_expiry: 400,
  idempotency_conflict: 409,
  workspace_not_found: 401,
  api_key_revoked: 401,
  member_not_found: 422,
  unknown_feature: 422,
  unknown_model: 422,
  unknown_settings: 422,
  hold_not_found: 404,
  hold_not_active: 409,
  hold_expired: 410,
  exceeds_hold: 422,
  entry_not_found: 404,
  exceeds_refundable: 422,
  lot_not_found: 404,
};

/** Who can lift a refusal, said in every 402 so the caller can tell the person what to do. */
const RESOLUTION: Partial<Record<LedgerFailure["code"], string>> = {
  insufficient_credits: "An owner or admin of the workspace can purchase credits or turn on auto top-up.",
  member_limit_reached:
    "The member can ask for more on My usage (requestUrlPath, under /w/<workspace slug>); an owner or admin can raise this member's monthly limit in Manage Access; or wait for the reset.",
  subscription_required:
    "An owner or admin can subscribe to a paid plan; pro models are not available on the Free plan.",
  credits_owed:
    "An owner or admin can buy credits under Credits & Billing: the purchase pays the debt off first, then spending resumes.",
  topup_not_allowed:
    "An owner or admin can let this member use top-up credits in Manage Access, or wait for free or subscription credits.",
  key_budget_reached:
    "An owner or admin can raise this API key's monthly cap on the API keys page, or wait for the reset.",
  model_not_allowed:
    "An owner or admin can allow this feature or model for the API key on the API keys page.",
};

/** Which limit a refusal is (details.limitType): the quote's answer to "which limit would refuse it". */
const LIMIT_TYPE: Partial<Record<LedgerFailure["code"], string>> = {
  insufficient_credits: "workspace_balance",
  member_limit_reached: "member_monthly_limit",
  subscription_required: "plan",
  credits_owed: "workspace_debt",
  topup_not_allowed: "member_top_up_permission",
  key_budget_reached: "api_key_monthly_cap",
  model_not_allowed: "api_key_allowed_models",
};

export function ledgerFailureResponse(failure: LedgerFailure): Response {
  return jsonResponse(ledgerFailureBody(failure), { status: STATUS[failure.code] });
}

export function ledgerFailureStatus(failure: LedgerFailure): number {
  return STATUS[failure.code];
}

export function ledgerFailureBody(failure: LedgerFailure) {
  const details = { ...failure.details };
  const resolution = RESOLUTION[failure.code];
  // Which limit stopped it (details.limit stays the member's monthly limit where there is one).
  const limitType = LIMIT_TYPE[failure.code];
  if (limitType) details.limitType = limitType;
  // The ledger's own check of a remembered key: the same 401 as the key lookup's (lib/api/v1/auth.ts).
  if (failure.code === "api_key_revoked") {
    return { error: { code: "unauthorized", message: failure.message } };
  }
  if (failure.code === "invalid_input") {
    const issues = (failure.details.issues ?? []) as { path: string; message: string }[];
    const fieldErrors = toFieldErrors(issues);
    return { error: { code: "invalid_request", message: failure.message, fieldErrors } };
  }
  return {
    error: {
      code: failure.code,
      message: failure.message,
      details: resolution ? { ...details, resolution } : details,
    },
  };
}

/** 422 for a member reference that names nobody in the workspace. */
export function memberNotFound(ref: string): Response {
  return apiError(422, "member_not_found", `No member ${JSON.stringify(ref)} in this workspace.`);
}
