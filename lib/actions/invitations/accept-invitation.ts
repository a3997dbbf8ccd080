"use server";

import { findInvitationByToken } from "@/lib/invitations";
import { fail, refuseOverLimit, userAction } from "@/lib/actions/action-client";
import { REQUEST_LIMITS, requestAddress } from "@/lib/auth/request-limits";
import { acceptInvitation } from "@/lib/invitations-accept";
import { acceptInvitationInput } from "@/lib/validation/access";

/** The signed-in user accepts an invitation addressed to their email. */
export const acceptInvitationAction = userAction(acceptInvitationInput, async (ctx, input) => {
  const limited = await refuseOverLimit(ctx, [
    { limit: REQUEST_LIMITS.invitationsByAddress, subject: await requestAddress() },
  ]);
  if (limited) return limited;
  const now = ctx.clock.now();
  const found = await findInvitationByToken(ctx.db, input.token, now);
  if (!found) return fail("not_found", "This invitation link is not valid. Ask for a new one.");
  return ctx.db.transaction((tx) =>
    acceptInvitation(tx, {
      invitation: found.invitation,
      workspace: found.workspace,
      userId: ctx.user.id,
      userEmail: ctx.user.email,
      now,
    }),
  );
});
