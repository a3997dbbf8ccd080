"use server";

import { revalidatePath } from "next/cache";
import { setApiKeyRateLimit } from "@/db/queries/api-keys";
import { fail, ok, workspaceAction } from "@/lib/actions/action-client";
import { auditChange, apiKeyTarget } from "@/lib/actions/audit";
import { forgetKey } from "@/lib/api/v1/auth";
import { defaultRateLimit } from "@/lib/api/v1/rate-limit";
import { describeRateLimit } from "@/lib/format";
import { updateApiKeyRateLimitInput } from "@/lib/validation/api-keys";

/**
 * Sets how fast one API key may call the metering API (null: the default). Takes effect on the
 * key's next request to this instance; each app instance keeps its own bucket, and another instance's
 * spend routes may use the limit they remember for up to 5 s more (docs/ARCHITECTURE.md, "Rate limits").
 */
export const updateApiKeyRateLimitAction = workspaceAction(
  { input: updateApiKeyRateLimitInput, permission: "api-keys:manage" },
  async (ctx, input) => {
    const now = ctx.clock.now();
    const fallback = defaultRateLimit();
    const words = (perSecond: number | null, burst: number | null) =>
      perSecond !== null && burst !== null
        ? describeRateLimit({ perSecond, burst })
        : `the default (${describeRateLimit(fallback)})`;
    return ctx.db.transaction(async (tx) => {
      const changed = await setApiKeyRateLimit(tx, ctx.workspace.id, input.apiKeyId, input.limit);
      if (!changed) return fail("not_found", "That key was revoked or does not exist.");
      const { before, after } = changed;
      await auditChange(tx, ctx, "api_key.rate_limit_changed", apiKeyTarget(after), {
        before: { rateLimit: words(before.rateLimitPerSecond, before.rateLimitBurst) },
        after: { rateLimit: words(after.rateLimitPerSecond, after.rateLimitBurst) },
        at: now,
      });
      revalidatePath(`/w/${ctx.workspace.slug}/settings/api-keys`);
      forgetKey(after.id);
      return ok({ id: after.id, limit: input.limit });
    });
  },
);
