"use client";

import * as DropdownMenu from "@radix-ui/react-dropdown-menu";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { toast } from "sonner";
import { markAllNotificationsReadAction } from "@/lib/actions/notifications/mark-all-notifications-read";
import { markNotificationReadAction } from "@/lib/actions/notifications/mark-notification-read";
import type { NotificationView } from "@/lib/notifications/present";
import { formatRelativeTime } from "@/lib/format";
import { runAction } from "@/components/ui/run-action";
import { BellIcon } from "@/components/shell/icons";
import { MENU_CONTENT, MENU_ITEM, MENU_SEPARATOR } from "@/components/ui/menu-styles";
import { cn } from "@/components/ui/cn";
import { useNotificationFeed, useSetFeed } from "./notifications-query";
import { RequestActions } from "./request-actions";

const BELL_TRIGGER =
  "relative flex size-9 items-center justify-center rounded-md text-slate-600 hover:bg-slate-100 hover:text-slate-900 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 data-[state=open]:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800 dark:hover:text-white dark:data-[state=open]:bg-slate-800";

function countLabel(unread: number): string {
  return unread === 0 ? "no unread" : unread === 1 ? "1 unread" : `${unread} unread`;
}

/** The bell in the workspace's top bar: unread count, the latest notifications, mark as read. */
export function NotificationBell({ workspaceId, slug }: { workspaceId: string; slug: string }) {
  const router = useRouter();
  const { data, isPending, isError } = useNotificationFeed(workspaceId);
  const feed = useSetFeed(workspaceId);
  const unread = data?.unread ?? 0;
  const items = data?.items ?? [];

  async function open(item: NotificationView) {
    if (!item.readAt) {
      feed.update((current) => ({
        unread: Math.max(0, current.unread - 1),
        items: current.items.map((n) => (n.id === item.id ? { ...n, readAt: new Date().toISOString() } : n)),
      }));
      const result = await runAction(() =>
        markNotificationReadAction({ workspaceId, notificationId: item.id }),
      );
      if (!result.ok) toast.error(result.error.message);
      void feed.refetch();
    }
    router.push(item.href);
  }

  async function markAll() {
    feed.update((current) => ({
      unread: 0,
      items: current.items.map((n) => (n.readAt ? n : { ...n, readAt: new Date().toISOString() })),
    }));
    const result = await runAction(() => markAllNotificationsReadAction({ workspaceId }));
    if (!result.ok) toast.error(result.error.message);
    void feed.refetch();
  }

  return (
    <DropdownMenu.Root>
      <DropdownMenu.Trigger
        className={BELL_TRIGGER}
        // The count is only said once it is known.
        aria-label={data ? `Notifications, ${countLabel(unread)}` : "Notifications"}
      >
        <BellIcon className="size-5" />
        {unread > 0 ? (
          <span
            data-testid="notification-count"
            aria-hidden="true"
            className="absolute -top-0.5 -right-0.5 flex h-4.5 min-w-4.5 items-center justify-center rounded-full bg-red-600 px-1 text-[0.6875rem] leading-none font-semibold text-white ring-2 ring-white tabular-nums dark:ring-slate-900"
          >
            {unread > 99 ? "99+" : unread}
          </span>
        ) : null}
      </DropdownMenu.Trigger>
      <DropdownMenu.Portal>
        <DropdownMenu.Content
          align="end"
          sideOffset={6}
          className={`${MENU_CONTENT} w-[min(24rem,calc(100vw-2rem))] p-0`}
          aria-label="Notifications"
        >
          <div className="flex items-center justify-between gap-3 px-3 py-2.5">
            <p className="text-sm font-semibold text-slate-900 dark:text-white">Notifications</p>
            {unread > 0 ? (
              <DropdownMenu.Item
                className={cn(
                  MENU_ITEM,
                  "px-2 py-1 text-xs font-medium text-indigo-700 dark:text-indigo-300",
                )}
                onSelect={(event) => {
                  event.preventDefault();
                  void markAll();
                }}
              >
                Mark all as read
              </DropdownMenu.Item>
            ) : null}
          </div>
          <DropdownMenu.Separator className={cn(MENU_SEPARATOR, "mx-0 my-0")} />
          <div className="max-h-[min(26rem,70vh)] overflow-y-auto p-1">
            {isPending ? (
              <p className="px-3 py-6 text-center text-sm text-slate-500 dark:text-slate-400">Loading…</p>
            ) : isError && items.length === 0 ? (
              <p className="px-3 py-6 text-center text-sm text-slate-600 dark:text-slate-400">
                We couldn&apos;t load your notifications. We&apos;ll try again shortly.
              </p>
            ) : items.length === 0 ? (
              <div className="px-3 py-6 text-center">
                <p className="text-sm font-medium text-slate-900 dark:text-white">
                  You&apos;re all caught up
                </p>
                <p className="mt-1 text-xs text-slate-600 dark:text-slate-400">
                  Credit alerts, your monthly limit and requests for more credits show up here.
                </p>
              </div>
            ) : (
              items.map((item) => (
                <div key={item.id}>
                  <DropdownMenu.Item
                    data-testid="notification-item"
                    data-read={item.readAt ? "true" : "false"}
                    className={cn(MENU_ITEM, "items-start gap-3 px-2.5 py-2")}
                    onSelect={() => void open(item)}
                  >
                    <span
                      aria-hidden="true"
                      className={cn(
                        "mt-1.5 size-2 shrink-0 rounded-full",
                        item.readAt ? "bg-transparent" : "bg-indigo-600 dark:bg-indigo-400",
                      )}
                    />
                    <span className="min-w-0 flex-1">
                      <span className="flex items-baseline justify-between gap-2">
                        <span
                          className={cn(
                            "truncate text-sm text-slate-900 dark:text-white",
                            item.readAt ? "font-normal" : "font-semibold",
                          )}
                        >
                          {item.title}
                          {item.readAt ? null : <span className="sr-only"> (unread)</span>}
                        </span>
                        <time
                          dateTime={item.createdAt}
                          className="shrink-0 text-xs text-slate-500 tabular-nums dark:text-slate-400"
                        >
                          {formatRelativeTime(new Date(item.createdAt), new Date())}
                        </time>
                      </span>
                      <span className="mt-0.5 block text-xs whitespace-normal text-slate-600 dark:text-slate-400">
                        {item.body}
                      </span>
                    </span>
                  </DropdownMenu.Item>
                  {item.openRequestId ? (
                    <RequestActions
                      workspaceId={workspaceId}
                      requestId={item.openRequestId}
                      onDone={() => void feed.refetch()}
                    />
                  ) : null}
                </div>
              ))
            )}
          </div>
          <DropdownMenu.Separator className={cn(MENU_SEPARATOR, "mx-0 my-0")} />
          <DropdownMenu.Item asChild className={cn(MENU_ITEM, "m-1 justify-center text-xs font-medium")}>
            <Link href={`/w/${slug}/settings/notifications`}>Notification settings</Link>
          </DropdownMenu.Item>
        </DropdownMenu.Content>
      </DropdownMenu.Portal>
    </DropdownMenu.Root>
  );
}
