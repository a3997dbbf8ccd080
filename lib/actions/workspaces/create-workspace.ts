"use server";

import { revalidatePath } from "next/cache";
import { isTimeZoneKnown } from "@/db/queries/workspaces";
import { fail, ok, userAction } from "@/lib/actions/action-client";
import { createPersonalWorkspace } from "@/lib/auth/sign-up";
import { grantDueFreeCredits } from "@/lib/subscriptions/free-credits";
import { TIME_ZONE_MESSAGE, createWorkspaceInput } from "@/lib/validation/access";

/** Creates another workspace, owned by the signed-in user, on the Free plan. */
export const createWorkspaceAction = userAction(createWorkspaceInput, async (ctx, input) => {
  if (!(await isTimeZoneKnown(ctx.db, input.timeZone)))
    return fail("invalid_input", "Some fields need attention.", { timeZone: [TIME_ZONE_MESSAGE] });
  const { workspace } = await createPersonalWorkspace(ctx.db, {
    userId: ctx.user.id,
    name: ctx.user.name,
    workspaceName: input.name,
    timeZone: input.timeZone,
  });
  await grantDueFreeCredits(ctx, workspace);
  revalidatePath("/", "layout");
  return ok({ slug: workspace.slug });
});
