"use client";

import Link from "next/link";
import { cn } from "@/components/ui/cn";
import { membersQueryString, type SortDirection, type SortKey } from "./member-query";

export type SortQuery = { q: string; sort: SortKey; dir: SortDirection };

export const SORT_LABELS: Record<SortKey, string> = {
  name: "Name",
  email: "Email",
  role: "Role",
  limit: "Monthly limit",
  used: "Used this month",
  remaining: "Remaining",
};

function SortIcon({ direction }: { direction: SortDirection | null }) {
  return (
    <svg aria-hidden="true" viewBox="0 0 16 16" fill="currentColor" className="size-3.5 shrink-0">
      {direction === "asc" ? (
        <path d="M8 4 12 10H4z" />
      ) : direction === "desc" ? (
        <path d="M8 12 4 6h8z" />
      ) : (
        <path d="M8 2.5 11 6.5H5zM8 13.5 5 9.5h6z" opacity="0.45" />
      )}
    </svg>
  );
}

export function SortLink({
  sortKey,
  query,
  className,
}: {
  sortKey: SortKey;
  query: SortQuery;
  className?: string;
}) {
  const isSorted = sortKey === query.sort;
  const nextDir: SortDirection = isSorted && query.dir === "asc" ? "desc" : "asc";
  return (
    <Link
      href={membersQueryString({ q: query.q, sort: sortKey, dir: nextDir })}
      scroll={false}
      replace
      aria-label={`${SORT_LABELS[sortKey]}, sort ${nextDir === "asc" ? "ascending" : "descending"}`}
      className={cn(
        "inline-flex items-center gap-1 rounded-sm uppercase hover:text-slate-900 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 dark:hover:text-white",
        isSorted && "text-slate-900 dark:text-white",
        className,
      )}
    >
      {SORT_LABELS[sortKey]}
      <SortIcon direction={isSorted ? query.dir : null} />
    </Link>
  );
}

export function UsageIcon() {
  return (
    <svg aria-hidden="true" viewBox="0 0 20 20" fill="currentColor" className="size-4">
      <path d="M15.5 2A1.5 1.5 0 0 0 14 3.5v13a1.5 1.5 0 0 0 1.5 1.5h1a1.5 1.5 0 0 0 1.5-1.5v-13A1.5 1.5 0 0 0 16.5 2h-1ZM9.5 6A1.5 1.5 0 0 0 8 7.5v9A1.5 1.5 0 0 0 9.5 18h1a1.5 1.5 0 0 0 1.5-1.5v-9A1.5 1.5 0 0 0 10.5 6h-1ZM3.5 10A1.5 1.5 0 0 0 2 11.5v5A1.5 1.5 0 0 0 3.5 18h1A1.5 1.5 0 0 0 6 16.5v-5A1.5 1.5 0 0 0 4.5 10h-1Z" />
    </svg>
  );
}
