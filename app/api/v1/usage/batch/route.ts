// POST /api/v1/usage/batch: up to 1,000 finished generations in one call, each with its own
// idempotency key and its own result.
import {
  ledgerFailureBody,
  ledgerFailureStatus,
  MAX_BATCH_BODY_BYTES,
  parseInput,
  readJson,
} from "@/lib/api/v1/http";
import { keyRefused } from "@/lib/api/v1/auth";
import { resolveMembers } from "@/lib/api/v1/members";
import { apiSplit } from "@/lib/api/v1/present";
import { batchCost } from "@/lib/api/v1/rate-limit";
import { apiRoute } from "@/lib/api/v1/route";
import { batchRequest } from "@/lib/api/v1/schemas";
import { failure } from "@/lib/ledger/messages";
import { spendBatchValidated, type DebitRequest } from "@/lib/ledger";
import { jsonResponse } from "@/lib/http/json-response";

export const dynamic = "force-dynamic";

export const POST = apiRoute(async (ctx, request) => {
  const body = await readJson(request, MAX_BATCH_BODY_BYTES);
  if (!body.ok) return body.response;
  const input = parseInput(batchRequest, body.value);
  if (!input.ok) return input.response;
  const records = input.data.records;
  // One call has been counted; a batch counts one per started 100 records.
  const limited = ctx.takeMoreTokens(batchCost(records.length) - 1);
  if (limited) return limited;
  const members = await resolveMembers(
    ctx.db,
    ctx.workspaceId,
    records.map((r) => r.member),
  );
  // One pass each way, in plain loops: this runs for up to 1,000 records a call (docs/PERFORMANCE.md).
  const toCharge: DebitRequest[] = [];
  const charged: (number | undefined)[] = []; // each record's place in toCharge, if its member was found
  for (const record of records) {
    const member = members.get(record.member);
    charged.push(member ? toCharge.length : undefined);
    if (member) {
      toCharge.push({
        idempotencyKey: record.idempotencyKey,
        feature: record.feature,
        model: record.model,
        settings: record.settings,
        results: record.results,
        membershipId: member.id,
        apiKeyId: ctx.keyId,
      });
    }
  }
  const outcomes = await spendBatchValidated(ctx, ctx.workspaceId, toCharge);
  // Revoked between the key lookup and the ledger's own check of it: every record was refused.
  if (outcomes.some((o) => !o.ok && o.code === "api_key_revoked")) return keyRefused();
  const results = records.map((record, index) => {
    const at = charged[index];
    const outcome =
      (at === undefined ? undefined : outcomes[at]) ?? failure("member_not_found", { member: record.member });
    if (!outcome.ok) return { index, status: ledgerFailureStatus(outcome), body: ledgerFailureBody(outcome) };
    return {
      index,
      status: outcome.replayed ? 200 : 201,
      body: {
        id: outcome.usageEventId,
        entryId: outcome.entryId,
        credits: outcome.amount,
        split: apiSplit(outcome.split),
        balance: { total: outcome.balanceAfter },
      },
    };
  });
  const succeeded = results.filter((r) => r.status < 300).length;
  return jsonResponse({ results, succeeded, failed: results.length - succeeded }, { status: 200 });
});
