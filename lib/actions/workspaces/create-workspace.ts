"use server";

import { revalidatePath } from "next/cache";
import { ok, userAction } from "@/lib/actions/client";
import { createPersonalWorkspace } from "@/lib/auth/sign-up";
import { createWorkspaceInput } from "@/lib/validation/access";

/** Creates another workspace, owned by the signed-in user, on the Free plan. */
export const createWorkspaceAction = userAction(createWorkspaceInput, async (ctx, input) => {
  const { workspace } = await createPersonalWorkspace(ctx.db, {
    userId: ctx.user.id,
    name: ctx.user.name,
    workspaceName: input.name,
    timeZone: input.timeZone,
  });
  revalidatePath("/", "layout");
  return ok({ slug: workspace.slug });
});
