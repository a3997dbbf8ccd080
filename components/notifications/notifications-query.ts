"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import type { NotificationFeed } from "@/lib/notifications/present";

// The bell's feed, polled from GET /api/workspaces/:id/notifications.

const REFRESH_MS = 15_000;

export function notificationsQueryKey(workspaceId: string): readonly unknown[] {
  return ["notifications", workspaceId];
}

async function fetchFeed(workspaceId: string, signal: AbortSignal): Promise<NotificationFeed> {
  const response = await fetch(`/api/workspaces/${workspaceId}/notifications`, {
    signal,
    cache: "no-store",
    headers: { accept: "application/json" },
  });
  if (!response.ok) throw new Error(`notifications: HTTP ${response.status}`);
  return (await response.json()) as NotificationFeed;
}

export function useNotificationFeed(workspaceId: string) {
  return useQuery({
    queryKey: notificationsQueryKey(workspaceId),
    queryFn: ({ signal }) => fetchFeed(workspaceId, signal),
    refetchInterval: REFRESH_MS,
    refetchOnWindowFocus: true,
    retry: 1,
  });
}

export function useSetFeed(workspaceId: string) {
  const queryClient = useQueryClient();
  return {
    update: (change: (feed: NotificationFeed) => NotificationFeed) =>
      queryClient.setQueryData<NotificationFeed>(notificationsQueryKey(workspaceId), (feed) =>
        feed ? change(feed) : feed,
      ),
    refetch: () => queryClient.invalidateQueries({ queryKey: notificationsQueryKey(workspaceId) }),
  };
}
