import "server-only";
import type { z } from "zod";
import type { Database } from "@/db";
import { isApiKeyActive } from "@/db/queries/api-keys";
import { findCurrentMemberByRef, findCurrentMembersByRefs } from "@/db/queries/members";
import type { Deps } from "@/lib/deps";
import type { LedgerOutcome, LedgerSuccess } from "@/lib/ledger";
import { ledgerFailureResponse, MAX_BODY_BYTES, memberNotFound, parseInput, readJson } from "./http";
import { keyRefused } from "./auth";
import type { ApiContext } from "./route";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A member of the workspace by email or membership id; null when there is none (or they were
 * removed). The ledger checks membership again inside its transaction.
 */
export async function resolveMembers(
  db: Database,
  workspaceId: string,
  refs: string[],
): Promise<Map<string, { id: string; email: string }>> {
  const unique = [...new Set(refs)];
  const ids = unique.filter((r) => UUID.test(r));
  const emails = unique.filter((r) => !UUID.test(r)).map((r) => r.toLowerCase());
  const found = new Map<string, { id: string; email: string }>();
  if (unique.length === 0) return found;
  const [only] = unique;
  if (unique.length === 1 && only !== undefined) {
    // One member (every single usage or hold call): a statement built once per database handle.
    const row = await findCurrentMemberByRef(
      db,
      workspaceId,
      UUID.test(only) ? { id: only } : { email: only.toLowerCase() },
    );
    if (row) found.set(only, row);
    return found;
  }
  const rows = await findCurrentMembersByRefs(db, workspaceId, { ids, emails });
  // Maps, not a search of the rows per reference: a batch may name 1,000 different members.
  const byId = new Map(rows.map((r) => [r.id, r]));
  const byEmail = new Map(rows.map((r) => [r.email.toLowerCase(), r]));
  for (const ref of unique) {
    const lower = ref.toLowerCase();
    const row = byId.get(lower) ?? byEmail.get(lower);
    if (row) found.set(ref, row);
  }
  return found;
}

/**
 * Who a member reference (email or id) means, remembered for a few seconds per process: every
 * usage and hold call names its member, and the ledger checks the membership again inside its own
 * statement, so a stale answer can only be refused there, never charged wrongly.
 */
const MEMBER_CACHE_MS = 5_000;
const MEMBER_CACHE_MAX = 10_000;
const memberCache = new Map<string, { member: { id: string; email: string }; at: number }>();

/** Forget every remembered member reference (tests). */
export function clearMemberCache(): void {
  memberCache.clear();
}

/**
 * Runs a ledger operation for the member `ref` names. Null when the workspace has no such member.
 * If a remembered answer has gone stale (the member was removed or re-invited), the ledger refuses
 * it and the reference is looked up afresh once.
 */
export async function chargeMember<T>(
  { db }: Pick<Deps, "db">,
  workspaceId: string,
  ref: string,
  run: (membershipId: string) => Promise<LedgerOutcome<T>>,
): Promise<LedgerOutcome<T> | null> {
  const cacheKey = `${workspaceId}:${ref.toLowerCase()}`;
  const cached = memberCache.get(cacheKey);
  // performance.now, as the key cache: monotonic, and not Next.js's patched `Date` on every spend.
  const now = performance.now();
  if (cached && now - cached.at < MEMBER_CACHE_MS) {
    const outcome = await run(cached.member.id);
    if (outcome.ok || outcome.code !== "member_not_found") return outcome;
  }
  memberCache.delete(cacheKey);
  const member = (await resolveMembers(db, workspaceId, [ref])).get(ref);
  if (!member) return null;
  if (memberCache.size >= MEMBER_CACHE_MAX) memberCache.clear();
  memberCache.set(cacheKey, { member, at: now });
  return run(member.id);
}

/** A charge request's generation: what the caller sent but the member, in the key's workspace. */
type Charge<S extends z.ZodType<{ member: string }>> = Omit<z.output<S>, "member"> & {
  workspaceId: string;
  membershipId: string;
  /** The key that asks: its cap and allowed list apply (cp_debit). */
  apiKeyId: string;
};

/**
 * The request's fields but `member`, with the workspace, member and key: copied by a plain loop, as
 * zod's output objects are slow to spread (3.4 µs a spend against 0.2; docs/PERFORMANCE.md).
 */
function chargeOf<S extends z.ZodType<{ member: string }>>(
  data: z.output<S>,
  workspaceId: string,
  membershipId: string,
  apiKeyId: string,
): Charge<S> {
  const charge: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(data as Record<string, unknown>))
    if (name !== "member") charge[name] = value;
  charge.workspaceId = workspaceId;
  charge.membershipId = membershipId;
  charge.apiKeyId = apiKeyId;
  return charge as Charge<S>;
}

/**
 * What every call that charges one member (a usage, a hold) does before its answer: read the body,
 * parse it with `schema`, and run the ledger operation for the member it names. The ledger's success,
 * or the response that refuses the request (bad body, unknown member, a ledger refusal).
 */
export async function chargeRequest<S extends z.ZodType<{ member: string }>, T>(
  ctx: ApiContext,
  request: Request,
  schema: S,
  run: (charge: Charge<S>) => Promise<LedgerOutcome<T>>,
): Promise<LedgerSuccess<T> | Response> {
  const read = readJson(request, MAX_BODY_BYTES);
  const body = read instanceof Promise ? await read : read;
  if (!body.ok) return body.response;
  const input = parseInput(schema, body.value);
  if (!input.ok) return input.response;
  const ref = input.data.member;
  const outcome = await chargeMember(ctx, ctx.workspaceId, ref, (membershipId) =>
    run(chargeOf<S>(input.data, ctx.workspaceId, membershipId, ctx.keyId)),
  );
  if (!outcome) {
    // No ledger call, so no key check in its statement: a remembered key is confirmed before an answer.
    if (ctx.isKeyRemembered && !(await isApiKeyActive(ctx.db, ctx.workspaceId, ctx.keyId)))
      return keyRefused();
    return memberNotFound(ref);
  }
  if (!outcome.ok) return ledgerFailureResponse(outcome);
  return outcome;
}
