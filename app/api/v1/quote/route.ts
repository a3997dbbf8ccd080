// POST /api/v1/quote: what POST /api/v1/usage would charge for the same body, or which limit would
// refuse it, worked out by the ledger's own debit as a dry run; nothing is written or charged.
import { ledgerFailureBody } from "@/lib/api/v1/http";
import { chargeRequest } from "@/lib/api/v1/members";
import { apiSplit } from "@/lib/api/v1/present";
import { apiRoute, KEY_CHECKED_BY_LEDGER } from "@/lib/api/v1/route";
import { usageRequest } from "@/lib/api/v1/schemas";
import { quoteValidated } from "@/lib/ledger";
import { jsonResponse } from "@/lib/http/json-response";

export const dynamic = "force-dynamic";

export const POST = apiRoute(async (ctx, request) => {
  const quote = await chargeRequest(ctx, request, usageRequest, (usage) => quoteValidated(ctx, usage));
  if (quote instanceof Response) return quote;
  return jsonResponse(
    {
      credits: quote.amount,
      split: quote.split ? apiSplit(quote.split) : null,
      balance: quote.balanceAfter === null ? null : { total: quote.balanceAfter },
      replayed: quote.replayed,
      wouldRefuse: quote.refusal ? ledgerFailureBody(quote.refusal).error : null,
    },
    { status: 200 },
  );
}, KEY_CHECKED_BY_LEDGER);
