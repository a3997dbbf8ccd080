"use server";

import { revalidatePath } from "next/cache";
import { setEmailPreference } from "@/db/queries/notifications";
import { ok, workspaceAction } from "@/lib/actions/action-client";
import { emailPreferenceInput } from "@/lib/validation/notifications";

/** The caller chooses whether they get one credit event by email (their own choice only). */
export const updateEmailPreferenceAction = workspaceAction(
  { input: emailPreferenceInput, permission: "credit-events:receive" },
  async (ctx, input) => {
    await setEmailPreference(ctx.db, {
      workspaceId: ctx.workspace.id,
      userId: ctx.user.id,
      type: input.type,
      email: input.email,
      at: ctx.clock.now(),
    });
    revalidatePath(`/w/${ctx.workspace.slug}/settings/notifications`);
    return ok({ type: input.type, email: input.email });
  },
);
