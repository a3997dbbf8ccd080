"use server";

import { revalidatePath } from "next/cache";
import { revokeApiKey } from "@/db/queries/api-keys";
import { fail, ok, workspaceAction } from "@/lib/actions/action-client";
import { auditChange, apiKeyTarget } from "@/lib/actions/audit";
import { revokeApiKeyInput } from "@/lib/validation/api-keys";

/** Revokes an API key: the next request with it gets 401. */
export const revokeApiKeyAction = workspaceAction(
  { input: revokeApiKeyInput, permission: "api-keys:manage" },
  async (ctx, input) => {
    const now = ctx.clock.now();
    return ctx.db.transaction(async (tx) => {
      const row = await revokeApiKey(tx, ctx.workspace.id, input.apiKeyId, now);
      if (!row) return fail("not_found", "That key was already revoked or does not exist.");
      await auditChange(tx, ctx, "api_key.revoked", apiKeyTarget(row), {
        before: { name: row.name, prefix: row.prefix },
        at: now,
      });
      revalidatePath(`/w/${ctx.workspace.slug}/settings/api-keys`);
      return ok({ id: row.id });
    });
  },
);
