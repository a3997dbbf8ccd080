"use server";

import { endUserSessions } from "@/db/queries/sessions";
import { ok, userAction } from "@/lib/actions/action-client";
import { signOutEverywhereInput } from "@/lib/validation/access";

/**
 * "Sign out of all devices": ends every live session of the signed-in user, this one included, in
 * one statement; every copy of every cookie stops working at its next request. The browser signs
 * itself out next. Not in the audit log, which records changes to workspaces, not accounts.
 */
export const signOutEverywhereAction = userAction(signOutEverywhereInput, async (ctx) => {
  const ended = await endUserSessions(ctx.db, ctx.user.id, ctx.clock.now());
  return ok({ ended });
});
