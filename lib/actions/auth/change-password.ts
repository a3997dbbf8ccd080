"use server";

import { endUserSessions } from "@/db/queries/sessions";
import { replacePasswordHash } from "@/db/queries/users";
import { fail, ok, userAction } from "@/lib/actions/action-client";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import { getCurrentSessionId } from "@/lib/auth/session";
import { claimSignInAttempt, clearSignInFailures, recordSignInFailure } from "@/lib/auth/throttle";
import { changePasswordInput } from "@/lib/validation/access";

const TOO_MANY = "Too many wrong passwords. Wait a few minutes and try again.";

/**
 * Changes the signed-in user's password. The current password is checked as sign-in checks it and
 * counted by the same throttle (per email, before the comparison), so someone holding a stolen
 * cookie gets no more guesses here than at the sign-in form. On success every other session of the
 * user ends; the one that made the change stays signed in.
 */
export const changePasswordAction = userAction(changePasswordInput, async (ctx, input) => {
  const { user } = ctx;
  if (!user.passwordHash) {
    return fail(
      "invalid_input",
      "Your account signs in with GitHub, Google or an email link, so it has no password to change.",
    );
  }
  const sessionId = await getCurrentSessionId(user.id);
  if (!sessionId) return fail("unauthenticated", "You are signed out. Sign in and try again.");
  const now = ctx.clock.now();
  if ((await claimSignInAttempt(ctx.db, user.email, now)).blocked) return fail("rate_limited", TOO_MANY);
  if (!(await verifyPassword(input.currentPassword, user.passwordHash))) {
    const state = await recordSignInFailure(ctx.db, user.email, now);
    if (state.blocked) return fail("rate_limited", TOO_MANY);
    return fail("invalid_input", "Your current password is not right.", {
      currentPassword: ["Incorrect password"],
    });
  }
  await clearSignInFailures(ctx.db, user.email);
  const to = await hashPassword(input.newPassword);
  return ctx.db.transaction(async (tx) => {
    if (!(await replacePasswordHash(tx, { userId: user.id, from: user.passwordHash ?? "", to }))) {
      return fail("conflict", "Your password was changed a moment ago. Reload the page and try again.");
    }
    const ended = await endUserSessions(tx, user.id, now, { keep: sessionId });
    return ok({ endedSessions: ended });
  });
});
