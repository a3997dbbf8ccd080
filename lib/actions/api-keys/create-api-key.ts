"use server";

import { revalidatePath } from "next/cache";
import { createApiKey } from "@/db/queries/api-keys";
import { ok, workspaceAction } from "@/lib/actions/action-client";
import { auditChange, apiKeyTarget } from "@/lib/actions/audit";
import { newApiKey } from "@/lib/api/v1/auth";
import { createApiKeyInput } from "@/lib/validation/api-keys";

/** Creates an API key. The secret is in this response only; the database keeps its hash. */
export const createApiKeyAction = workspaceAction(
  { input: createApiKeyInput, permission: "api-keys:manage" },
  async (ctx, input) => {
    const { key, prefix, secretHash } = newApiKey();
    const now = ctx.clock.now();
    const created = await ctx.db.transaction(async (tx) => {
      const row = await createApiKey(tx, {
        workspaceId: ctx.workspace.id,
        name: input.name,
        prefix,
        secretHash,
        createdByUserId: ctx.user.id,
        createdAt: now,
      });
      await auditChange(tx, ctx, "api_key.created", apiKeyTarget({ id: row.id, name: input.name, prefix }), {
        after: { name: input.name, prefix },
        at: now,
      });
      return row;
    });
    revalidatePath(`/w/${ctx.workspace.slug}/settings/api-keys`);
    return ok({ id: created.id, name: input.name, prefix, key });
  },
);
