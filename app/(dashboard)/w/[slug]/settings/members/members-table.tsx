"use client";

import Link from "next/link";
import { useEffect, useRef, useState, type MouseEvent } from "react";
import { Badge } from "@/components/ui/badge";
import { cn } from "@/components/ui/cn";
import { Table, TableBody, TableHead, Td, Th } from "@/components/ui/table";
import { ROLE_LABELS } from "@/components/credits/labels";
import { takeAccessTableFocusRequest } from "./focus-request";
import type { SortKey } from "./member-query";
import { BUTTON_SIZE, buttonClasses } from "@/components/ui/button";
import { RemainingCell } from "./usage-bar";
import { formatCredits } from "@/lib/format";
import { MemberEditor } from "./member-editor";
import { MemberStackedFigures } from "./member-stacked-figures";
import { MemberSearch } from "./member-search";
import { NoMatchRow } from "./no-match-row";
import { BulkActions, MemberCheckbox, SelectAllCheckbox, useMemberSelection } from "./bulk-selection";
import { SORT_LABELS, SortLink, UsageIcon, type SortQuery } from "./sort-link";
import {
  limitUsageOf,
  type MemberView,
  type ResetsView,
  type SavedAccess,
  type Viewer,
  type WorkspaceRef,
} from "./types";

type Props = {
  /** Already filtered and sorted by the server. */
  members: MemberView[];
  totalCount: number;
  query: SortQuery;
  viewer: Viewer;
  ownerCount: number;
  workspace: WorkspaceRef;
  resets: ResetsView;
  headingId: string;
};

/** `isFolded`: on phones the column folds into the member's cell (MemberStackedFigures). */
type Column = { keys: SortKey[]; label: string; isNumeric?: boolean; isFolded?: boolean };

// Name and email share the first column (stacked) so the table fits beside the sidebar; each can
// still be sorted by. Every member's limit resets at the same moment, so Resets has no sort.
const COLUMNS: Column[] = [
  { keys: ["name", "email"], label: "Name" },
  { keys: ["role"], label: "Role", isFolded: true },
  { keys: ["limit"], label: "Monthly limit", isNumeric: true, isFolded: true },
  { keys: ["used"], label: "Used this month", isNumeric: true, isFolded: true },
  { keys: ["remaining"], label: "Remaining", isFolded: true },
  { keys: [], label: "Resets", isFolded: true },
];

/** A folded column's cells: hidden on phones, where MemberStackedFigures shows them. */
const FOLDED = "hidden sm:table-cell";

/** Cell padding: roomy at the table's edges, tighter between columns. */
const CELL_X = { first: "pr-3 pl-6", middle: "pr-3 pl-3", last: "pr-6 pl-3" } as const;

/** Manage Access: every member with their limit, usage and what is left; a member opens the editor. */
export function MembersTable({
  members,
  totalCount,
  query,
  viewer,
  ownerCount,
  workspace,
  resets,
  headingId,
}: Props) {
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  // What a save wrote, shown until the list refreshed after it arrives (a new `members`): a row, or an
  // editor opened again before then, shows what was saved, never the list as it was before the save.
  const [saved, setSaved] = useState<{ list: MemberView[]; byId: Map<string, SavedAccess> } | null>(null);
  const current = (member: MemberView): MemberView => {
    const access = saved?.list === members ? saved.byId.get(member.membershipId) : undefined;
    return access ? { ...member, ...access } : member;
  };
  const found = members.find((m) => m.membershipId === selectedId);
  const selected = found ? current(found) : null;
  const selection = useMemberSelection(members);

  // A removed member's row is where focus went back to; once the refreshed list no longer has it,
  // focus goes to the table's heading instead of falling to the top of the page.
  const removedId = useRef<string | null>(null);
  useEffect(() => {
    if (removedId.current && !members.some((m) => m.membershipId === removedId.current)) {
      removedId.current = null;
      headingRef.current?.focus({ preventScroll: true });
    }
  }, [members]);

  useEffect(() => {
    if (takeAccessTableFocusRequest()) {
      headingRef.current?.focus({ preventScroll: true });
      headingRef.current?.scrollIntoView({ block: "start", behavior: "smooth" });
    }
  }, []);

  function openFromRow(event: MouseEvent<HTMLTableRowElement>, membershipId: string) {
    // Links and buttons in the row do their own thing.
    if (!viewer.canManage || (event.target as HTMLElement).closest("a, button, input, label")) return;
    setSelectedId(membershipId);
  }

  const sortLabel = `${SORT_LABELS[query.sort].toLowerCase()}, ${query.dir === "asc" ? "ascending" : "descending"}`;
  const noun = (count: number) => (count === 1 ? "member" : "members");

  return (
    <>
      <div className="flex flex-wrap items-center justify-between gap-3 px-6 py-4">
        <div className="min-w-0">
          <h2
            id={headingId}
            ref={headingRef}
            tabIndex={-1}
            className="scroll-mt-20 text-base font-semibold text-slate-900 focus:outline-none dark:text-white"
          >
            Manage Access
          </h2>
          <p
            className="text-sm text-slate-600 dark:text-slate-400"
            aria-live="polite"
            data-testid="members-count"
          >
            {query.q
              ? `${members.length} of ${totalCount} ${noun(totalCount)} match “${query.q}”`
              : `${totalCount} ${noun(totalCount)}${viewer.canManage ? " · select someone to edit their limit or role" : ""}`}
          </p>
        </div>
        <MemberSearch query={query.q} sort={query.sort} dir={query.dir} />
      </div>

      {viewer.canManage ? <BulkActions selection={selection} workspace={workspace} /> : null}

      {/* relative: keeps the screen-reader-only header text inside the card on narrow screens. */}
      <div className="relative px-6">
        <Table aria-labelledby={headingId} aria-describedby={`${headingId}-caption`}>
          <caption id={`${headingId}-caption`} className="sr-only">
            Sorted by {sortLabel}. Monthly limits reset {resets.label}.
          </caption>
          <TableHead>
            <tr>
              {viewer.canManage ? (
                <Th className="w-10 pr-0 pl-6">
                  <SelectAllCheckbox selection={selection} total={members.length} />
                </Th>
              ) : null}
              {COLUMNS.map((column, index) => {
                const isSorted = column.keys.includes(query.sort);
                return (
                  <Th
                    key={column.label}
                    aria-sort={isSorted ? (query.dir === "asc" ? "ascending" : "descending") : undefined}
                    className={cn(
                      index === 0 && !viewer.canManage ? CELL_X.first : CELL_X.middle,
                      column.isFolded && FOLDED,
                      // Long headers may wrap so the table fits beside the sidebar without scrolling.
                      column.isNumeric && "whitespace-normal!",
                      column.isNumeric && "text-right",
                    )}
                  >
                    {column.keys.length === 0 ? (
                      column.label
                    ) : (
                      <span className="inline-flex items-center gap-3">
                        {column.keys.map((key) => (
                          <SortLink
                            key={key}
                            sortKey={key}
                            query={query}
                            // Wide enough that a wrapped header takes two lines, not three.
                            className={column.isNumeric ? "min-w-24 justify-end text-right" : undefined}
                          />
                        ))}
                      </span>
                    )}
                  </Th>
                );
              })}
              <Th className={CELL_X.last}>
                <span className="sr-only">Usage</span>
              </Th>
            </tr>
          </TableHead>
          <TableBody>
            {members.length === 0 ? (
              <NoMatchRow columns={COLUMNS.length + (viewer.canManage ? 2 : 1)} query={query} />
            ) : (
              members.map((listed) => {
                const member = current(listed);
                const isYou = member.membershipId === viewer.membershipId;
                return (
                  <tr
                    key={member.membershipId}
                    data-testid="member-row"
                    onClick={(event) => openFromRow(event, member.membershipId)}
                    className={cn(
                      viewer.canManage && "cursor-pointer hover:bg-slate-50 dark:hover:bg-slate-800/50",
                    )}
                  >
                    {viewer.canManage ? (
                      <Td className="w-10 pr-0 pl-6 align-top">
                        <MemberCheckbox selection={selection} member={member} />
                      </Td>
                    ) : null}
                    <Th
                      scope="row"
                      className={cn(viewer.canManage ? CELL_X.middle : CELL_X.first, "sm:whitespace-nowrap")}
                    >
                      <div className="flex items-center gap-2">
                        {viewer.canManage ? (
                          <button
                            type="button"
                            aria-haspopup="dialog"
                            onClick={() => setSelectedId(member.membershipId)}
                            className="rounded-sm text-left font-medium text-slate-900 hover:text-indigo-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 dark:text-white dark:hover:text-indigo-300"
                            data-testid="member-name"
                          >
                            <span className="sr-only">Edit </span>
                            {member.name}
                          </button>
                        ) : (
                          <span
                            className="font-medium text-slate-900 dark:text-white"
                            data-testid="member-name"
                          >
                            {member.name}
                          </span>
                        )}
                        {isYou ? <Badge tone="accent">You</Badge> : null}
                      </div>
                      <div
                        className="break-all text-slate-600 sm:break-normal dark:text-slate-400"
                        data-testid="member-email"
                      >
                        {member.email}
                      </div>
                      <MemberStackedFigures member={member} resets={resets} timeZone={workspace.timeZone} />
                    </Th>
                    <Td className={cn(CELL_X.middle, FOLDED)}>
                      <Badge tone={member.role === "member" ? "neutral" : "accent"}>
                        {ROLE_LABELS[member.role]}
                      </Badge>
                    </Td>
                    <Td
                      className={cn(CELL_X.middle, FOLDED, "text-right tabular-nums")}
                      data-testid="member-limit"
                    >
                      {member.monthlyLimit === null ? (
                        <span className="text-slate-600 dark:text-slate-400">Unlimited</span>
                      ) : (
                        formatCredits(member.monthlyLimit)
                      )}
                    </Td>
                    <Td
                      className={cn(CELL_X.middle, FOLDED, "text-right tabular-nums")}
                      data-testid="member-used"
                    >
                      {formatCredits(member.usedThisMonth)}
                    </Td>
                    <Td className={cn(CELL_X.middle, FOLDED)}>
                      <RemainingCell usage={limitUsageOf(member)} timeZone={workspace.timeZone} />
                    </Td>
                    <Td
                      className={cn(CELL_X.middle, FOLDED, "text-slate-600 dark:text-slate-400")}
                      data-testid="member-resets"
                    >
                      <span className="block text-slate-900 dark:text-white">{resets.date}</span>
                      <span className="block text-xs">{resets.time}</span>
                    </Td>
                    <Td className={cn(CELL_X.last, "text-right")}>
                      {viewer.canViewUsage ? (
                        <Link
                          href={`/w/${workspace.slug}/usage?member=${member.membershipId}`}
                          className={buttonClasses("ghost", BUTTON_SIZE.icon)}
                          aria-label={`Usage of ${member.name}`}
                          title={`Usage of ${member.name}`}
                        >
                          <UsageIcon />
                        </Link>
                      ) : null}
                    </Td>
                  </tr>
                );
              })
            )}
          </TableBody>
        </Table>
      </div>

      {selected ? (
        <MemberEditor
          key={selected.membershipId}
          member={selected}
          viewer={viewer}
          isSelf={selected.membershipId === viewer.membershipId}
          ownerCount={ownerCount}
          workspace={workspace}
          resetsLabel={resets.label}
          onClose={() => setSelectedId(null)}
          onSaved={(access) => {
            const byId = new Map(saved?.list === members ? saved.byId : []);
            byId.set(selected.membershipId, access);
            setSaved({ list: members, byId });
          }}
          onRemoved={() => {
            removedId.current = selected.membershipId;
          }}
        />
      ) : null}
    </>
  );
}
