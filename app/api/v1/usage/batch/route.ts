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
import { spendBatchValidated } from "@/lib/ledger";
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
  const known = records.map((r) => members.get(r.member));
  const toCharge = records.flatMap((record, index) => {
    const member = known[index];
    if (!member) return [];
    const { member: _member, ...generation } = record;
    return [{ index, record: { ...generation, membershipId: member.id, apiKeyId: ctx.keyId } }];
  });
  const outcomes = await spendBatchValidated(
    ctx,
    ctx.workspaceId,
    toCharge.map((t) => t.record),
  );
  // Revoked between the key lookup and the ledger's own check of it: every record was refused.
  if (outcomes.some((o) => !o.ok && o.code === "api_key_revoked")) return keyRefused();
  const byIndex = new Map(toCharge.map((t, i) => [t.index, outcomes[i]]));
  const results = records.map((record, index) => {
    const outcome = byIndex.get(index) ?? failure("member_not_found", { member: record.member });
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
