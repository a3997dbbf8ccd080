// Ending sessions: "Sign out of all devices", a changed password, and a removed member. A session is
// an auth_sessions row whose id the cookie's JWT carries; the jwt callback (next-auth's, called here
// as every request calls it) refuses a token whose session has ended, so a copied cookie stops too.
import "../../support/actions";
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { addMember } from "@/db/queries/members";
import { users, type User } from "@/db/schema";
import { GET as notifications } from "@/app/api/workspaces/[workspaceId]/notifications/route";
import { signUpAction } from "@/lib/actions/auth/sign-up";
import { changePasswordAction } from "@/lib/actions/auth/change-password";
import { signOutEverywhereAction } from "@/lib/actions/auth/sign-out-everywhere";
import { removeMemberAction } from "@/lib/actions/members/remove-member";
import { markAllNotificationsReadAction } from "@/lib/actions/notifications/mark-all-notifications-read";
import { getAuthOptions, THROTTLED, WRONG_CREDENTIALS } from "@/lib/auth/options";
import { getWorkspaceAccess } from "@/lib/auth/session";
import { manualClock, setClock, systemClock } from "@/lib/clock";
import { actAs } from "../../support/actions";
import { makeTeam } from "../../support/access";
import { testDb } from "../../support/db";

const PASSWORD = "right password here";
const NEW_PASSWORD = "a brand new password";

type Token = { sub: string; sid: string };
type Authorize = (credentials: Record<string, string>, request: unknown) => Promise<{ id: string } | null>;

function authorize(email: string, password: string) {
  const provider = getAuthOptions().providers.find((p) => p.id === "credentials") as unknown as {
    options: { authorize: Authorize };
  };
  return provider.options.authorize({ email, password }, {});
}

/** A sign-in (a new device): the token its cookie carries. */
async function signIn(user: User): Promise<Token> {
  const jwt = getAuthOptions().callbacks!.jwt!;
  return (await jwt({
    token: {},
    user: { id: user.id, email: user.email, name: user.name },
  } as never)) as Token;
}

/** A later request carrying this token: resolves while its session is live. */
function request(token: Token) {
  return getAuthOptions().callbacks!.jwt!({ token } as never);
}

async function newAccount(): Promise<User> {
  const email = `sessions-${randomUUID().slice(0, 8)}@sessions.test`;
  actAs(null);
  const created = await signUpAction({ name: "Sess Ions", email, password: PASSWORD });
  if (!created.ok) throw new Error(created.error.message);
  const [user] = await testDb().select().from(users).where(eq(users.email, email));
  return user!;
}

async function hashOf(user: User) {
  const [row] = await testDb().select().from(users).where(eq(users.id, user.id));
  return row?.passwordHash;
}

describe("sign out of all devices", () => {
  it("ends every session of the user at once, copies of this cookie included; other users stay signed in", async () => {
    const user = await newAccount();
    const here = await signIn(user);
    const phone = await signIn(user);
    const stolen = { ...here }; // someone else holds a copy of this browser's cookie
    const someoneElse = await signIn(await newAccount());
    await expect(request(stolen)).resolves.toEqual(here);

    actAs(user, here.sid);
    expect(await signOutEverywhereAction({})).toEqual({ ok: true, data: { ended: 2 } });
    // Before, each kept working until it was signed out one by one (the phone's for 30 days).
    await expect(request(here)).rejects.toThrow("session ended");
    await expect(request(stolen)).rejects.toThrow("session ended");
    await expect(request(phone)).rejects.toThrow("session ended");
    await expect(request(someoneElse)).resolves.toEqual(someoneElse);
    // Signing in again starts a new session, which works.
    const again = await signIn(user);
    await expect(request(again)).resolves.toEqual(again);
  });

  it("is refused, and ends nothing, for someone signed out", async () => {
    const user = await newAccount();
    const here = await signIn(user);
    actAs(null);
    expect(await signOutEverywhereAction({})).toMatchObject({
      ok: false,
      error: { code: "unauthenticated" },
    });
    await expect(request(here)).resolves.toEqual(here);
  });
});

describe("changing the password", () => {
  it("replaces the hash and ends every other session; this one stays signed in", async () => {
    const user = await newAccount();
    const here = await signIn(user);
    const laptop = await signIn(user);
    const stolen = { ...laptop };
    actAs(user, here.sid);
    const result = await changePasswordAction({
      currentPassword: PASSWORD,
      newPassword: NEW_PASSWORD,
      confirmPassword: NEW_PASSWORD,
    });
    expect(result).toEqual({ ok: true, data: { endedSessions: 1 } });
    await expect(request(here)).resolves.toEqual(here);
    await expect(request(laptop)).rejects.toThrow("session ended");
    await expect(request(stolen)).rejects.toThrow("session ended");
    await expect(authorize(user.email, PASSWORD)).rejects.toThrow(WRONG_CREDENTIALS);
    await expect(authorize(user.email, NEW_PASSWORD)).resolves.toMatchObject({ id: user.id });
  });

  it("refuses a wrong current password, a confirmation that differs, or the same password, and writes nothing", async () => {
    const user = await newAccount();
    const here = await signIn(user);
    const laptop = await signIn(user);
    const before = await hashOf(user);
    actAs(user, here.sid);
    const wrong = await changePasswordAction({
      currentPassword: "not my password",
      newPassword: NEW_PASSWORD,
      confirmPassword: NEW_PASSWORD,
    });
    expect(wrong).toMatchObject({
      ok: false,
      error: { code: "invalid_input", fieldErrors: { currentPassword: ["Incorrect password"] } },
    });
    const differs = await changePasswordAction({
      currentPassword: PASSWORD,
      newPassword: NEW_PASSWORD,
      confirmPassword: `${NEW_PASSWORD}!`,
    });
    expect(differs).toMatchObject({
      ok: false,
      error: { fieldErrors: { confirmPassword: [expect.any(String)] } },
    });
    const same = await changePasswordAction({
      currentPassword: PASSWORD,
      newPassword: PASSWORD,
      confirmPassword: PASSWORD,
    });
    expect(same).toMatchObject({ ok: false, error: { fieldErrors: { newPassword: [expect.any(String)] } } });
    const short = await changePasswordAction({
      currentPassword: PASSWORD,
      newPassword: "short",
      confirmPassword: "short",
    });
    expect(short).toMatchObject({ ok: false, error: { fieldErrors: { newPassword: [expect.any(String)] } } });
    expect(await hashOf(user)).toBe(before);
    await expect(request(laptop)).resolves.toEqual(laptop);
  });

  it("refuses an account without a password, and a caller whose session is not known", async () => {
    const team = await makeTeam(); // made without passwords, as OAuth accounts are
    actAs(team.owner.user, randomUUID());
    expect(
      await changePasswordAction({
        currentPassword: "anything",
        newPassword: NEW_PASSWORD,
        confirmPassword: NEW_PASSWORD,
      }),
    ).toMatchObject({ ok: false, error: { code: "invalid_input" } });
    const user = await newAccount();
    actAs(user, null);
    expect(
      await changePasswordAction({
        currentPassword: PASSWORD,
        newPassword: NEW_PASSWORD,
        confirmPassword: NEW_PASSWORD,
      }),
    ).toMatchObject({ ok: false, error: { code: "unauthenticated" } });
    expect(await hashOf(user)).toBe(user.passwordHash);
  });

  it("counts 30 parallel guesses of the current password one each: at most 5 are compared, then the throttle holds, at sign-in too", async () => {
    setClock(manualClock("2031-03-01T10:00:00Z"));
    try {
      const user = await newAccount();
      const here = await signIn(user);
      actAs(user, here.sid);
      // The right password is the 20th guess.
      const guesses = Array.from({ length: 30 }, (_, i) => (i === 19 ? PASSWORD : `guess number ${i}`));
      const results = await Promise.all(
        guesses.map((currentPassword) =>
          changePasswordAction({ currentPassword, newPassword: NEW_PASSWORD, confirmPassword: NEW_PASSWORD }),
        ),
      );
      const codes = results.map((r) => (r.ok ? "changed" : r.error.code));
      expect(codes.filter((c) => c !== "rate_limited").length, codes.join(", ")).toBeLessThanOrEqual(5);
      expect(codes.filter((c) => c === "rate_limited").length).toBeGreaterThanOrEqual(25);
      if (!codes.includes("changed")) {
        expect(await hashOf(user)).toBe(user.passwordHash);
        // The same count guards the sign-in form: the right password waits too.
        await expect(authorize(user.email, PASSWORD)).rejects.toThrow(THROTTLED);
        expect(
          await changePasswordAction({
            currentPassword: PASSWORD,
            newPassword: NEW_PASSWORD,
            confirmPassword: NEW_PASSWORD,
          }),
        ).toMatchObject({ ok: false, error: { code: "rate_limited" } });
      }
    } finally {
      setClock(systemClock);
    }
  });
});

describe("removing a member", () => {
  it("cuts that workspace off at once for every session of theirs; their sign-in stays for their other workspaces", async () => {
    const team = await makeTeam();
    const elsewhere = await makeTeam();
    const member = team.member.user;
    // The member also belongs to another workspace.
    await addMember(testDb(), { workspaceId: elsewhere.workspace.id, userId: member.id, role: "member" });
    const phone = await signIn(member);
    const poll = (workspaceId: string) =>
      notifications(new Request("http://creditpool.test/api"), { params: Promise.resolve({ workspaceId }) });
    actAs(member, phone.sid);
    expect((await poll(team.workspace.id)).status).toBe(200);

    actAs(team.admin.user);
    const removed = await removeMemberAction({
      workspaceId: team.workspace.id,
      membershipId: team.member.membership.id,
    });
    expect(removed.ok).toBe(true);

    // The same cookie, on the next request: nothing of that workspace (its pages 404 the same way).
    actAs(member, phone.sid);
    await expect(request(phone)).resolves.toEqual(phone);
    expect(await getWorkspaceAccess(member.id, { workspaceId: team.workspace.id })).toBeNull();
    expect((await poll(team.workspace.id)).status).toBe(404);
    expect(await markAllNotificationsReadAction({ workspaceId: team.workspace.id })).toMatchObject({
      ok: false,
      error: { code: "not_found" },
    });
    // Still a member of the other one, with the same session.
    expect(await getWorkspaceAccess(member.id, { workspaceId: elsewhere.workspace.id })).not.toBeNull();
    expect((await poll(elsewhere.workspace.id)).status).toBe(200);
  });
});
