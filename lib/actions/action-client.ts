// The one way server actions are written. Every action goes through `userAction` or
// `workspaceAction`, which check the session, parse the input with zod, read the caller's
// membership and role fresh from the database, and check the permission, before the handler runs.
// Each runs with the request's id on every log line written inside it (lib/log/request-logger.ts).
import "server-only";
import { z } from "zod";
import { getDb } from "@/lib/db";
import type { User } from "@/db/schema";
import { getClock } from "@/lib/clock";
import { can, type Permission } from "@/lib/auth/permissions";
import { getCurrentUser, getWorkspaceAccess, type WorkspaceAccess } from "@/lib/auth/session";
import { claimRequest, tryAgainIn, type LimitCheck } from "@/lib/auth/request-limits";
import { MAX_JSON_DEPTH, valueTooDeep } from "@/lib/validation/depth";
import { toFieldErrors, type FieldErrors } from "@/lib/validation/field-errors";
import { findUnstorableText } from "@/lib/validation/storable";
import type { Deps } from "@/lib/deps";
import { inRequest } from "@/lib/log/request-logger";

export type ActionErrorCode =
  | "unauthenticated"
  | "forbidden"
  | "not_found"
  | "invalid_input"
  | "conflict"
  | "no_seats"
  | "last_owner"
  | "expired"
  | "rate_limited";

export type ActionError = {
  code: ActionErrorCode;
  message: string;
  /** Per-field messages for forms, keyed by the input's field path. */
  fieldErrors?: FieldErrors;
};

export type ActionResult<T = undefined> = { ok: true; data: T } | { ok: false; error: ActionError };

export const ok = <T>(data: T): ActionResult<T> => ({ ok: true, data });
export const fail = (code: ActionErrorCode, message: string, fieldErrors?: FieldErrors) =>
  ({ ok: false, error: { code, message, ...(fieldErrors ? { fieldErrors } : {}) } }) as const;

const MESSAGES = {
  unauthenticated: "You are signed out. Sign in and try again.",
  // Not a member and "no such workspace" look the same from outside.
  not_found: "That workspace doesn't exist or you are not a member of it.",
  forbidden: "Your role in this workspace doesn't allow that. Ask an owner or admin.",
} as const;

export type UserActionContext = Deps & { user: User };
export type WorkspaceActionContext = UserActionContext & WorkspaceAccess;

function parse<S extends z.ZodType>(schema: S, input: unknown) {
  if (valueTooDeep(input)) {
    return {
      ok: false as const,
      error: fail("invalid_input", `The input nests more than ${MAX_JSON_DEPTH} levels deep.`),
    };
  }
  const parsed = schema.safeParse(input);
  if (parsed.success) {
    // Checked on what the handler will use (unknown fields are already stripped).
    const unstorable = findUnstorableText(parsed.data);
    if (!unstorable) return { ok: true as const, data: parsed.data };
    const fieldErrors = { [unstorable.path]: [unstorable.message] };
    return { ok: false as const, error: fail("invalid_input", "Some fields need attention.", fieldErrors) };
  }
  const fieldErrors = toFieldErrors(parsed.error.issues);
  return { ok: false as const, error: fail("invalid_input", "Some fields need attention.", fieldErrors) };
}

/** An action for any signed-in user (not tied to one workspace). */
export function userAction<S extends z.ZodType, T>(
  schema: S,
  handler: (ctx: UserActionContext, input: z.output<S>) => Promise<ActionResult<T>>,
): (input: z.input<S>) => Promise<ActionResult<T>> {
  return (input) =>
    inRequest(async () => {
      const user = await getCurrentUser();
      if (!user) return fail("unauthenticated", MESSAGES.unauthenticated);
      const parsed = parse(schema, input);
      if (!parsed.ok) return parsed.error;
      return handler({ db: getDb(), clock: getClock(), user }, parsed.data);
    });
}

const workspaceRef = z.object({ workspaceId: z.uuid() });

/**
 * An action on one workspace. The input carries `workspaceId`; the caller must be a current
 * member with a role that has `permission`.
 */
export function workspaceAction<S extends z.ZodObject<{ workspaceId: z.ZodUUID }>, T>(
  options: { input: S; permission: Permission },
  handler: (ctx: WorkspaceActionContext, input: z.output<S>) => Promise<ActionResult<T>>,
): (input: z.input<S>) => Promise<ActionResult<T>> {
  return (input) =>
    inRequest(async () => {
      const user = await getCurrentUser();
      if (!user) return fail("unauthenticated", MESSAGES.unauthenticated);
      const ref = workspaceRef.safeParse(input);
      if (!ref.success)
        return fail("invalid_input", "Some fields need attention.", {
          workspaceId: ["Invalid workspace id"],
        });
      const access = await getWorkspaceAccess(user.id, { workspaceId: ref.data.workspaceId });
      if (!access) return fail("not_found", MESSAGES.not_found);
      if (!can(access.role, options.permission)) return fail("forbidden", MESSAGES.forbidden);
      const parsed = parse(options.input, input);
      if (!parsed.ok) return parsed.error;
      return handler({ db: getDb(), clock: getClock(), user, ...access }, parsed.data);
    });
}

/** An action anyone may call (sign-up). It still parses its input; it must decide everything else itself. */
export function publicAction<S extends z.ZodType, T>(
  schema: S,
  handler: (ctx: Deps, input: z.output<S>) => Promise<ActionResult<T>>,
): (input: z.input<S>) => Promise<ActionResult<T>> {
  return (input) =>
    inRequest(async () => {
      const parsed = parse(schema, input);
      if (!parsed.ok) return parsed.error;
      return handler({ db: getDb(), clock: getClock() }, parsed.data);
    });
}

/**
 * Counts this request against the public doors' limits (lib/auth/request-limits.ts): a
 * `rate_limited` refusal to return as it is, or null to go on. Call it before any other work.
 */
export async function refuseOverLimit(
  ctx: Deps,
  checks: LimitCheck[],
): Promise<ReturnType<typeof fail> | null> {
  const now = ctx.clock.now();
  const state = await claimRequest(ctx.db, checks, now);
  return state.ok ? null : fail("rate_limited", `${state.message} ${tryAgainIn(state.retryAt, now)}`);
}
