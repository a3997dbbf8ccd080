"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import type { CreditsSummary } from "@/lib/credits/summary";

// The Credits card's figures, kept live in the browser: seeded by the server's render, refreshed
// from GET /api/workspaces/:id/credits on an interval, faster while a payment is being confirmed.

const SLOW_REFRESH_MS = 10_000;
const FAST_REFRESH_MS = 1_500;
/** After a checkout returns, refresh fast this many times (about 30 s) even if nothing is pending yet. */
const FAST_REFRESHES_AFTER_CHECKOUT = 20;

/** Every cached summary of a workspace starts with this key: invalidate it after a purchase. */
export function creditsQueryKey(workspaceId: string): readonly unknown[] {
  return ["credits", workspaceId];
}

async function fetchCreditsSummary(workspaceId: string, signal: AbortSignal): Promise<CreditsSummary> {
  const response = await fetch(`/api/workspaces/${workspaceId}/credits`, {
    signal,
    cache: "no-store",
    headers: { accept: "application/json" },
  });
  if (!response.ok) throw new Error(`credits summary: HTTP ${response.status}`);
  return (await response.json()) as CreditsSummary;
}

type Options = {
  workspaceId: string;
  /** The summary the server rendered the page with. */
  initial: CreditsSummary;
  /**
   * Unique per server render. Part of the key, so a page the server just rendered starts from its
   * own fresh figures rather than from what this tab cached on an earlier visit.
   */
  renderId: string;
  /** The page was opened by a checkout returning (?purchase=...): refresh fast for a while. */
  isReturningFromCheckout: boolean;
};

export function useCreditsSummary({ workspaceId, initial, renderId, isReturningFromCheckout }: Options) {
  return useQuery({
    queryKey: [...creditsQueryKey(workspaceId), renderId],
    queryFn: ({ signal }) => fetchCreditsSummary(workspaceId, signal),
    initialData: initial,
    refetchInterval: (query) => {
      const pending = (query.state.data?.pendingPurchases ?? 0) > 0;
      const justReturned =
        isReturningFromCheckout && query.state.dataUpdateCount <= FAST_REFRESHES_AFTER_CHECKOUT;
      return pending || justReturned ? FAST_REFRESH_MS : SLOW_REFRESH_MS;
    },
    // Keep the figures on screen if one refresh fails; the next one tries again.
    retry: 1,
  });
}

/** Refetches every Credits card of the workspace now (after a purchase starts, or a setting changes). */
export function useInvalidateCredits(workspaceId: string): () => Promise<void> {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: creditsQueryKey(workspaceId) });
}
