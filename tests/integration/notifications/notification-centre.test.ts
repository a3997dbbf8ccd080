// The bell: each person reads and marks only their own notifications, in plain words.
import "../../support/actions";
import { describe, expect, it } from "vitest";
import * as route from "@/app/api/workspaces/[workspaceId]/notifications/route";
import { markAllNotificationsReadAction } from "@/lib/actions/notifications/mark-all-notifications-read";
import { markNotificationReadAction } from "@/lib/actions/notifications/mark-notification-read";
import type { NotificationFeed } from "@/lib/notifications/present";
import { actAs } from "../../support/actions";
import { makeTeam } from "../../support/access";
import { ensureTestRates, fund, testContext } from "../../support/db";
import { spendExactly } from "./support";

async function feed(workspaceId: string): Promise<NotificationFeed> {
  const response = await route.GET(new Request("http://creditpool.test/api"), {
    params: Promise.resolve({ workspaceId }),
  });
  expect(response.status).toBe(200);
  return (await response.json()) as NotificationFeed;
}

describe("notification centre", () => {
  it("shows owners and admins the events in plain words; marks read one or all, only their own", async () => {
    await ensureTestRates();
    const team = await makeTeam();
    const ws = team.workspace.id;
    const ctx = testContext(new Date());
    await fund(ctx, ws, 1_000);
    await spendExactly(ctx, ws, team.owner.membership.id, 580); // 420 left
    ctx.clock.advance(1_000);
    await spendExactly(ctx, ws, team.owner.membership.id, 420); // 0 left

    actAs(team.owner.user);
    const owners = await feed(ws);
    expect(owners.unread).toBe(2);
    expect(owners.items.map((item) => item.body)).toEqual([
      "The credit balance reached zero. Usage that costs credits is refused until you add credits.",
      "Balance is low: 420 credits left, below your 500 threshold.",
    ]);
    expect(owners.items[1]).toMatchObject({
      title: "Balance is low",
      href: `/w/${team.workspace.slug}/settings/billing`,
      readAt: null,
    });

    actAs(team.member.user);
    expect(await feed(ws)).toEqual({ unread: 0, items: [] });
    // A member cannot reach the owner's notification.
    const stolen = await markNotificationReadAction({ workspaceId: ws, notificationId: owners.items[0]!.id });
    expect(stolen).toMatchObject({ ok: false, error: { code: "not_found" } });

    actAs(team.owner.user);
    const first = await markNotificationReadAction({ workspaceId: ws, notificationId: owners.items[1]!.id });
    expect(first.ok).toBe(true);
    expect((await feed(ws)).unread).toBe(1);
    expect(await markAllNotificationsReadAction({ workspaceId: ws })).toEqual({
      ok: true,
      data: { marked: 1 },
    });
    expect((await feed(ws)).unread).toBe(0);

    // The admin's copies are untouched.
    actAs(team.admin.user);
    expect((await feed(ws)).unread).toBe(2);
  });
});
