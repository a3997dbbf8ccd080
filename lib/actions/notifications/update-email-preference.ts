"use server";

import { revalidatePath } from "next/cache";
import { setEmailPreference } from "@/db/queries/notifications";
import { fail, ok, workspaceAction } from "@/lib/actions/action-client";
import { emailTypesFor } from "@/lib/notifications/recipients";
import { emailPreferenceInput } from "@/lib/validation/notifications";

/**
 * The caller chooses whether they get one event by email (their own choice only): everyone chooses for
 * the events about their own monthly limit, owners and admins for the credit events too.
 */
export const updateEmailPreferenceAction = workspaceAction(
  { input: emailPreferenceInput, permission: "notifications:view-own" },
  async (ctx, input) => {
    if (!emailTypesFor(ctx.role).includes(input.type)) {
      return fail("forbidden", "Your role in this workspace doesn't get that notification.");
    }
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
