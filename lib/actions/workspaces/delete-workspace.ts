"use server";

import { revalidatePath } from "next/cache";
import { deleteWorkspace } from "@/db/queries/workspaces";
import { fail, ok, workspaceAction } from "@/lib/actions/action-client";
import { deleteWorkspaceInput } from "@/lib/validation/access";

/**
 * Deletes the workspace with everything in it (owners only; the name must be typed to confirm).
 * Its credits, history and audit log go with it.
 */
export const deleteWorkspaceAction = workspaceAction(
  { input: deleteWorkspaceInput, permission: "workspace:delete" },
  async (ctx, input) => {
    if (input.confirmName.trim() !== ctx.workspace.name) {
      return fail("invalid_input", "Type the workspace's name exactly to confirm.", {
        confirmName: [`Type "${ctx.workspace.name}"`],
      });
    }
    await deleteWorkspace(ctx.db, ctx.workspace.id);
    revalidatePath("/", "layout");
    return ok({ deleted: ctx.workspace.id });
  },
);
