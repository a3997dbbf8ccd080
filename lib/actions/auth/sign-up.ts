"use server";

import { z } from "zod";
import type { Workspace } from "@/db/schema";
import { createUser, findUserByEmail } from "@/db/queries/users";
import { isTimeZoneKnown } from "@/db/queries/workspaces";
import { fail, ok, publicAction, refuseOverLimit } from "@/lib/actions/action-client";
import { hashPassword } from "@/lib/auth/password";
import { REQUEST_LIMITS, requestAddress } from "@/lib/auth/request-limits";
import { createPersonalWorkspace } from "@/lib/auth/sign-up";
import { grantDueFreeCredits } from "@/lib/subscriptions/free-credits";
import { findInvitationByToken } from "@/lib/invitations";
import { acceptInvitation } from "@/lib/invitations-accept";
import { TIME_ZONE_MESSAGE, signUpInput } from "@/lib/validation/access";

const input = signUpInput.extend({ invitationToken: z.string().min(20).max(200).optional() });

/**
 * Creates an account with a password. Without an invitation it also creates a workspace the new
 * user owns; with one (for their email) it joins that workspace instead. The client signs in next.
 */
export const signUpAction = publicAction(input, async (ctx, data) => {
  const limited = await refuseOverLimit(ctx, [
    { limit: REQUEST_LIMITS.signUpByAddress, subject: await requestAddress() },
    { limit: REQUEST_LIMITS.signUpByEmail, subject: data.email },
  ]);
  if (limited) return limited;
  if (data.timeZone && !(await isTimeZoneKnown(ctx.db, data.timeZone)))
    return fail("invalid_input", "Some fields need attention.", { timeZone: [TIME_ZONE_MESSAGE] });
  const now = ctx.clock.now();
  if (await findUserByEmail(ctx.db, data.email)) {
    return fail("conflict", "An account with this email already exists. Sign in instead.", {
      email: ["Already registered"],
    });
  }
  const invitation = data.invitationToken
    ? await findInvitationByToken(ctx.db, data.invitationToken, now)
    : null;
  if (data.invitationToken && (!invitation || invitation.state !== "pending")) {
    return fail("expired", "This invitation is no longer valid. Ask for a new one.");
  }
  const passwordHash = await hashPassword(data.password);
  // A refused invitation (say no seat is free) must not leave a half-made account behind.
  class Refused extends Error {
    constructor(readonly result: ReturnType<typeof fail>) {
      super(result.error.message);
    }
  }
  let created: Workspace | null = null;
  return ctx.db
    .transaction(async (tx) => {
      const user = await createUser(tx, { email: data.email, name: data.name, passwordHash });
      if (invitation) {
        const joined = await acceptInvitation(tx, {
          invitation: invitation.invitation,
          workspace: invitation.workspace,
          userId: user.id,
          userEmail: user.email,
          now,
        });
        if (!joined.ok) throw new Refused(fail(joined.error.code, joined.error.message));
        return ok({ workspaceSlug: joined.data.workspaceSlug });
      }
      const { workspace } = await createPersonalWorkspace(tx, {
        userId: user.id,
        name: data.name,
        workspaceName: data.workspaceName,
        timeZone: data.timeZone,
      });
      created = workspace;
      return ok({ workspaceSlug: workspace.slug });
    })
    .then(async (result) => {
      // Committed: the new workspace starts with today's free credits.
      if (created) await grantDueFreeCredits(ctx, created);
      return result;
    })
    .catch((error: unknown) => {
      if (error instanceof Refused) return error.result;
      throw error;
    });
});
