"use server";

import { revalidatePath } from "next/cache";
import { setApiKeyBudget } from "@/db/queries/api-keys";
import { getRateCardCached } from "@/db/queries/rate-card";
import { fail, ok, workspaceAction } from "@/lib/actions/action-client";
import { auditChange, apiKeyTarget } from "@/lib/actions/audit";
import { updateApiKeyBudgetInput } from "@/lib/validation/api-keys";

/**
 * Sets one API key's monthly credit cap (null: none) and the features or models it may spend on
 * (null: all). The ledger refuses its spends past them (key_budget_reached, model_not_allowed) from
 * the next request on. Entries must name something on the rate card.
 */
export const updateApiKeyBudgetAction = workspaceAction(
  { input: updateApiKeyBudgetInput, permission: "api-keys:manage" },
  async (ctx, input) => {
    if (input.allowedModels) {
      const rates = await getRateCardCached(ctx.db);
      const known = new Set(rates.flatMap((r) => [r.feature, `${r.feature}:${r.model}`]));
      const unknown = input.allowedModels.filter((entry) => !known.has(entry));
      if (unknown.length > 0) {
        return fail("invalid_input", "Some fields need attention.", {
          allowedModels: [`Not on the rate card: ${unknown.slice(0, 5).join(", ")}`],
        });
      }
    }
    const budget = { monthlyCreditCap: input.monthlyCreditCap, allowedModels: input.allowedModels };
    return ctx.db.transaction(async (tx) => {
      const changed = await setApiKeyBudget(tx, ctx.workspace.id, input.apiKeyId, budget);
      if (!changed) return fail("not_found", "That key was revoked or does not exist.");
      const { before, after } = changed;
      await auditChange(tx, ctx, "api_key.budget_changed", apiKeyTarget(after), {
        before: { monthlyCreditCap: before.monthlyCreditCap, allowedModels: before.allowedModels },
        after: budget,
      });
      revalidatePath(`/w/${ctx.workspace.slug}/settings/api-keys`);
      return ok({ id: after.id, ...budget });
    });
  },
);
