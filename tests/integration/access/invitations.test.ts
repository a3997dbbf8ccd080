import "../../support/actions";
import { asc, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditEvents, invitations } from "@/db/schema";
import { createUser } from "@/db/queries/users";
import { signUpAction } from "@/lib/actions/auth/sign-up";
import { acceptInvitationAction } from "@/lib/actions/invitations/accept-invitation";
import { createInvitationAction } from "@/lib/actions/invitations/create-invitation";
import { resendInvitationAction } from "@/lib/actions/invitations/resend-invitation";
import { revokeInvitationAction } from "@/lib/actions/invitations/revoke-invitation";
import { removeMemberAction } from "@/lib/actions/members/remove-member";
import { getWorkspaceAccess } from "@/lib/auth/session";
import { actAs } from "../../support/actions";
import { makeTeam } from "../../support/access";
import { testDb } from "../../support/db";

const tokenOf = (link: string) => link.split("/invite/")[1] ?? "";

async function invite(
  team: Awaited<ReturnType<typeof makeTeam>>,
  email: string,
  role: "member" | "admin" | "owner" = "member",
) {
  actAs(team.owner.user);
  const result = await createInvitationAction({ workspaceId: team.workspace.id, email, role });
  if (!result.ok) throw new Error(result.error.message);
  return result.data;
}

describe("invitations", () => {
  it("gives a single-use link; accepting adds the membership with the invited role", async () => {
    const team = await makeTeam();
    const email = `Invitee-${team.tag}@Team.test`;
    const created = await invite(team, email, "admin");
    expect(created.link).toMatch(/^http:\/\/creditpool\.test\/invite\/[A-Za-z0-9_-]{43}$/);
    expect(created.email).toBe("not_configured");
    // Only a hash of the secret is stored.
    const [row] = await testDb().select().from(invitations).where(eq(invitations.id, created.invitationId));
    expect(row?.tokenHash).not.toContain(tokenOf(created.link));
    expect(row?.email).toBe(email.toLowerCase());

    const user = await createUser(testDb(), { email: email.toLowerCase(), name: "Invitee" });
    actAs(user);
    const accepted = await acceptInvitationAction({ token: tokenOf(created.link) });
    expect(accepted).toEqual({
      ok: true,
      data: { workspaceSlug: team.workspace.slug, membershipId: expect.any(String) },
    });
    expect(await getWorkspaceAccess(user.id, { workspaceId: team.workspace.id })).toMatchObject({
      role: "admin",
    });
    expect(await acceptInvitationAction({ token: tokenOf(created.link) })).toMatchObject({
      ok: false,
      error: { code: "conflict" },
    });
    const actions = (
      await testDb()
        .select()
        .from(auditEvents)
        .where(eq(auditEvents.workspaceId, team.workspace.id))
        .orderBy(asc(auditEvents.id))
    ).map((e) => e.action);
    expect(actions).toEqual(["invitation.created", "member.joined"]);
  });

  it("is only for the invited address", async () => {
    const team = await makeTeam();
    const created = await invite(team, `right-${team.tag}@team.test`);
    const wrong = await createUser(testDb(), { email: `wrong-${team.tag}@team.test`, name: "Wrong" });
    actAs(wrong);
    expect(await acceptInvitationAction({ token: tokenOf(created.link) })).toMatchObject({
      ok: false,
      error: { code: "forbidden" },
    });
    expect(await getWorkspaceAccess(wrong.id, { workspaceId: team.workspace.id })).toBeNull();
  });

  it("refuses new invitations when every seat is taken, counting pending ones", async () => {
    const team = await makeTeam({ seats: 5 }); // 4 members already
    await invite(team, `fifth-${team.tag}@team.test`);
    actAs(team.owner.user);
    const refused = await createInvitationAction({
      workspaceId: team.workspace.id,
      email: `sixth-${team.tag}@team.test`,
      role: "member",
    });
    expect(refused).toMatchObject({ ok: false, error: { code: "no_seats" } });
    expect(refused.ok === false && refused.error.message).toMatch(
      /All 5 seats are taken \(4 members, 1 pending invitations\)/,
    );
  });

  it("can be revoked and resent; a resent invitation's old link stops working", async () => {
    const team = await makeTeam();
    const email = `resend-${team.tag}@team.test`;
    const first = await invite(team, email);
    actAs(team.owner.user);
    const resent = await resendInvitationAction({
      workspaceId: team.workspace.id,
      invitationId: first.invitationId,
    });
    if (!resent.ok) throw new Error(resent.error.message);
    expect(resent.data.link).not.toBe(first.link);
    const user = await createUser(testDb(), { email, name: "Resent" });
    actAs(user);
    expect(await acceptInvitationAction({ token: tokenOf(first.link) })).toMatchObject({
      ok: false,
      error: { code: "not_found" },
    });

    actAs(team.owner.user);
    expect(
      await revokeInvitationAction({ workspaceId: team.workspace.id, invitationId: first.invitationId }),
    ).toMatchObject({ ok: true });
    actAs(user);
    expect(await acceptInvitationAction({ token: tokenOf(resent.data.link) })).toMatchObject({
      ok: false,
      error: { code: "expired" },
    });
    actAs(team.owner.user);
    expect(
      await revokeInvitationAction({ workspaceId: team.workspace.id, invitationId: first.invitationId }),
    ).toMatchObject({
      ok: false,
      error: { code: "not_found" },
    });
  });

  it("refuses duplicates, existing members, and owner invitations from admins", async () => {
    const team = await makeTeam();
    const email = `dup-${team.tag}@team.test`;
    await invite(team, email);
    actAs(team.owner.user);
    expect(
      await createInvitationAction({ workspaceId: team.workspace.id, email, role: "member" }),
    ).toMatchObject({ ok: false, error: { code: "conflict" } });
    expect(
      await createInvitationAction({
        workspaceId: team.workspace.id,
        email: team.member.user.email,
        role: "member",
      }),
    ).toMatchObject({
      ok: false,
      error: { code: "conflict" },
    });
    actAs(team.admin.user);
    expect(
      await createInvitationAction({
        workspaceId: team.workspace.id,
        email: `o-${team.tag}@team.test`,
        role: "owner",
      }),
    ).toMatchObject({
      ok: false,
      error: { code: "forbidden" },
    });
    expect(
      await createInvitationAction({ workspaceId: team.workspace.id, email: "not-an-email", role: "member" }),
    ).toMatchObject({
      ok: false,
      error: { code: "invalid_input", fieldErrors: { email: expect.any(Array) } },
    });
  });

  it("signs a new person up straight into the workspace, and brings a removed member back", async () => {
    const team = await makeTeam();
    const email = `fresh-${team.tag}@team.test`;
    const created = await invite(team, email);
    actAs(null);
    const signedUp = await signUpAction({
      name: "Fresh",
      email,
      password: "long-enough-password",
      invitationToken: tokenOf(created.link),
    });
    expect(signedUp).toEqual({ ok: true, data: { workspaceSlug: team.workspace.slug } });

    actAs(team.owner.user);
    await removeMemberAction({ workspaceId: team.workspace.id, membershipId: team.other.membership.id });
    const again = await invite(team, team.other.user.email);
    actAs(team.other.user);
    const back = await acceptInvitationAction({ token: tokenOf(again.link) });
    expect(back).toMatchObject({ ok: true, data: { membershipId: team.other.membership.id } });
    expect(await getWorkspaceAccess(team.other.user.id, { workspaceId: team.workspace.id })).toMatchObject({
      role: "member",
      monthlyLimit: null,
    });
  });
});

describe("sign-up", () => {
  it("creates an account with its own Free workspace and refuses a taken email or a short password", async () => {
    const team = await makeTeam();
    actAs(null);
    const email = `new-${team.tag}@signup.test`;
    const created = await signUpAction({
      name: "Nadia North",
      email,
      password: "correct horse battery",
      timeZone: "Europe/Paris",
    });
    expect(created).toMatchObject({ ok: true, data: { workspaceSlug: "nadia-north-s-workspace" } });
    expect(
      await signUpAction({ name: "Again", email: email.toUpperCase(), password: "correct horse battery" }),
    ).toMatchObject({
      ok: false,
      error: { code: "conflict" },
    });
    expect(
      await signUpAction({ name: "Short", email: `short-${team.tag}@signup.test`, password: "short" }),
    ).toMatchObject({
      ok: false,
      error: { code: "invalid_input", fieldErrors: { password: expect.any(Array) } },
    });
  });
});
