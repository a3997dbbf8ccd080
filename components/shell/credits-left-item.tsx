"use client";

import * as DropdownMenu from "@radix-ui/react-dropdown-menu";
import { useQuery } from "@tanstack/react-query";
import { useId, useState } from "react";
import type { CreditsLeft } from "@/lib/credits/credits-left";
import { formatCredits, formatDate } from "@/lib/format";
import { creditsQueryKey } from "@/components/credits/credits-query";
import { LOT_TYPE_LABELS } from "@/components/credits/labels";
import { cn } from "@/components/ui/cn";
import { MENU_ITEM } from "@/components/ui/menu-styles";
import { InfoIcon } from "./icons";

type Props = { workspaceId: string; timeZone: string; initial: CreditsLeft };

async function fetchCreditsLeft(workspaceId: string, signal: AbortSignal): Promise<CreditsLeft> {
  const response = await fetch(`/api/workspaces/${workspaceId}/credits-left`, {
    signal,
    cache: "no-store",
    headers: { accept: "application/json" },
  });
  if (!response.ok) throw new Error(`credits left: HTTP ${response.status}`);
  return (await response.json()) as CreditsLeft;
}

function Breakdown({ credits, timeZone }: { credits: CreditsLeft; timeZone: string }) {
  if (credits.kind === "pool") {
    return (
      <>
        <p className="font-medium">Shared by the workspace, by type</p>
        <dl className="mt-1.5 space-y-0.5">
          {credits.byType.map(({ type, amount }) => (
            <div key={type} className="flex justify-between gap-4">
              <dt>{LOT_TYPE_LABELS[type]}</dt>
              <dd className="tabular-nums" data-testid={`credits-left-${type}`}>
                {formatCredits(amount)}
              </dd>
            </div>
          ))}
        </dl>
        <p className="mt-1.5 text-slate-300">Top-up credits (also called tokens) never expire.</p>
      </>
    );
  }
  return (
    <>
      <p className="font-medium">Your allowance this month</p>
      <p className="mt-1">
        {credits.limit === null
          ? "No monthly limit is set for you: you can use the workspace's credits while it has some."
          : `${formatCredits(credits.used)} of ${formatCredits(credits.limit)} used. Resets on ${formatDate(credits.resetsAt, timeZone)}.`}
      </p>
    </>
  );
}

/**
 * Credits Left in the profile menu, with a tooltip that breaks it down: by type for owners and
 * admins, the monthly allowance for members. It is a menu item so the arrow keys reach it; the
 * tooltip shows while it is highlighted (hover or keyboard) and stays after a click or tap.
 * Fresh figures are fetched each time the menu opens.
 */
export function CreditsLeftItem({ workspaceId, timeZone, initial }: Props) {
  const tooltipId = useId();
  const [isPinned, setPinned] = useState(false);
  const { data: credits } = useQuery({
    queryKey: [...creditsQueryKey(workspaceId), "left"],
    queryFn: ({ signal }) => fetchCreditsLeft(workspaceId, signal),
    initialData: initial,
    staleTime: 0,
    retry: 1,
  });
  const left = credits.kind === "pool" ? credits.total : credits.remaining;

  return (
    // A group of its own: a menu may hold groups, and a group may hold the tooltip.
    <DropdownMenu.Group className="relative">
      <DropdownMenu.Item
        className={cn(MENU_ITEM, "peer")}
        aria-describedby={tooltipId}
        onSelect={(event) => {
          // It explains rather than goes anywhere: keep the menu open.
          event.preventDefault();
          setPinned((pinned) => !pinned);
        }}
      >
        <span className="min-w-0 flex-1">
          <span className="block">Credits Left</span>
          <span className="block text-xs text-slate-500 dark:text-slate-400">
            {credits.kind === "pool" ? "The workspace's pool" : "Your monthly allowance"}
          </span>
        </span>
        <span
          className="font-semibold text-slate-900 tabular-nums dark:text-white"
          data-testid="credits-left"
        >
          {left === null ? "Unlimited" : formatCredits(left)}
        </span>
        <InfoIcon className="size-4 text-slate-400" />
      </DropdownMenu.Item>
      <div
        id={tooltipId}
        role="tooltip"
        data-pinned={isPinned}
        className="absolute inset-x-1 bottom-full z-10 mb-1 hidden rounded-md bg-slate-900 px-3 py-2 text-xs text-white shadow-lg ring-1 ring-white/10 peer-data-[highlighted]:block data-[pinned=true]:block dark:bg-slate-700"
      >
        <Breakdown credits={credits} timeZone={timeZone} />
      </div>
    </DropdownMenu.Group>
  );
}
