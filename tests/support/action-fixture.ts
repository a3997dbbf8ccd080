// A workspace with one of everything an action can point at, for the server-action fuzz test,
// and a digest of every row that belongs to it (to prove a refused action wrote nothing).
import { and, eq, sql } from "drizzle-orm";
import { notifications, webhookEndpoints, workspaces, type User } from "@/db/schema";
import { createApiKeyAction } from "@/lib/actions/api-keys/create-api-key";
import { saveCardAction } from "@/lib/actions/credits/save-card";
import { startPurchaseAction } from "@/lib/actions/credits/start-purchase";
import { createInvitationAction } from "@/lib/actions/invitations/create-invitation";
import { requestLimitIncreaseAction } from "@/lib/actions/members/request-limit-increase";
import { raiseCreditEvent } from "@/db/queries/credit-events";
import { actAs } from "./actions";
import { makeTeam } from "./access";
import { testDb } from "./db";

type Team = Awaited<ReturnType<typeof makeTeam>>;

export type Fixture = {
  tag: string;
  workspaceId: string;
  owner: User;
  /** A plain member of the workspace. */
  memberId: string;
  invitationId: string;
  notificationId: string;
  /** A pending one-time purchase and its test-mode checkout session. */
  purchaseId: string;
  sessionId: string;
  apiKeyId: string;
  /** The plain member's open request for more credits. */
  limitRequestId: string;
  /** Ids of the same kinds in another workspace. */
  strangerIds: string[];
  stranger: Team;
  team: Team;
};

function unwrap<T>(result: { ok: true; data: T } | { ok: false; error: { message: string } }): T {
  if (!result.ok) throw new Error(result.error.message);
  return result.data;
}

/** An Enterprise workspace (so auto top-up is allowed) with a card, an invitation, a notification, a webhook endpoint, a pending purchase and an API key. */
export async function actionFixture(stranger: Team): Promise<Fixture> {
  const team = await makeTeam();
  const db = testDb();
  const workspaceId = team.workspace.id;
  await db.update(workspaces).set({ plan: "enterprise" }).where(eq(workspaces.id, workspaceId));
  actAs(team.owner.user);
  const invitation = unwrap(
    await createInvitationAction({ workspaceId, email: `pending-${team.tag}@team.test`, role: "member" }),
  );
  const purchase = unwrap(await startPurchaseAction({ workspaceId, credits: 5_000 }));
  const apiKey = unwrap(await createApiKeyAction({ workspaceId, name: "Fixture" }));
  unwrap(await saveCardAction({ workspaceId, testPaymentMethod: "pm_card_visa" }));
  await raiseCreditEvent(db, {
    workspaceId,
    type: "credit_balance_depleted",
    dedupeKey: `fuzz:${workspaceId}`,
    payload: { balance: 0 },
    at: new Date(),
  });
  const [notification] = await db
    .select({ id: notifications.id })
    .from(notifications)
    .where(and(eq(notifications.workspaceId, workspaceId), eq(notifications.userId, team.owner.user.id)));
  actAs(team.member.user);
  const request = unwrap(
    await requestLimitIncreaseAction({ workspaceId, amount: 500, reason: "For the fixture's launch" }),
  );
  actAs(team.owner.user);
  const now = new Date();
  await db.insert(webhookEndpoints).values({
    workspaceId,
    url: `https://hooks.example.test/${team.tag}`,
    secret: "whsec_fuzz",
    createdAt: now,
    updatedAt: now,
    secretRotatedAt: now,
  });
  return {
    tag: team.tag,
    workspaceId,
    owner: team.owner.user,
    memberId: team.member.membership.id,
    invitationId: invitation.invitationId,
    notificationId: notification?.id ?? "",
    purchaseId: purchase.purchaseId,
    sessionId: purchase.checkout.sessionId,
    apiKeyId: apiKey.id,
    limitRequestId: request.requestId,
    strangerIds: [stranger.workspace.id, stranger.member.membership.id, stranger.owner.user.id],
    stranger,
    team,
  };
}

let workspaceTables: string[] | undefined;

/** One hash over every row of both workspaces, the memberships of their people and users named with the tag. */
export async function workspaceDigest(f: Fixture): Promise<string> {
  const db = testDb();
  workspaceTables ??= (
    await db.execute<{ table_name: string }>(
      sql`select table_name from information_schema.columns
           where table_schema = 'public' and column_name = 'workspace_id' order by table_name`,
    )
  ).map((row) => row.table_name);
  const ids = sql`(${f.workspaceId}::uuid, ${f.stranger.workspace.id}::uuid)`;
  const people = [f.team, f.stranger].flatMap((t) =>
    [t.owner, t.admin, t.member, t.other].map((p) => p.user.id),
  );
  const parts = [
    ...workspaceTables.map(
      (table) =>
        sql`select ${table}::text as t, md5(coalesce(string_agg(x::text, '|' order by x::text), '')) as d
              from ${sql.identifier(table)} x where workspace_id in ${ids}`,
    ),
    sql`select 'workspaces', md5(coalesce(string_agg(x::text, '|' order by x::text), '')) from workspaces x where id in ${ids}`,
    sql`select 'people', md5(coalesce(string_agg(x::text, '|' order by x::text), ''))
          from memberships x where user_id in (${sql.join(
            people.map((id) => sql`${id}::uuid`),
            sql`, `,
          )})`,
    sql`select 'users', md5(coalesce(string_agg(x::text, '|' order by x::text), '')) from users x where email like ${`%${f.tag}%`}`,
  ];
  const rows = await db.execute<{ t: string; d: string }>(sql.join(parts, sql` union all `));
  return rows.map((row) => `${row.t}:${row.d}`).join(",");
}
