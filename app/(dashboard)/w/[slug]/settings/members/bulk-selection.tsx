"use client";

import { useEffect, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { BulkLimitDialog } from "./bulk-limit-dialog";
import type { MemberView, WorkspaceRef } from "./types";

const CHECKBOX_CLASS = "size-4 cursor-pointer rounded accent-indigo-600";

/** Which members of the (filtered) list are selected for a bulk edit. */
export function useMemberSelection(members: MemberView[]) {
  const [checkedIds, setCheckedIds] = useState<ReadonlySet<string>>(new Set());
  // Only members still listed count: a search or a removal drops the others from the selection.
  const selected = members.filter((m) => checkedIds.has(m.membershipId));
  return {
    selected,
    isChecked: (id: string) => checkedIds.has(id),
    toggle: (id: string, isOn: boolean) =>
      setCheckedIds((ids) => {
        const next = new Set(ids);
        if (isOn) next.add(id);
        else next.delete(id);
        return next;
      }),
    setAll: (isOn: boolean) => setCheckedIds(isOn ? new Set(members.map((m) => m.membershipId)) : new Set()),
    clear: () => setCheckedIds(new Set()),
  };
}

export type MemberSelection = ReturnType<typeof useMemberSelection>;

/** The header's box: every listed member selected, some (mixed), or none. */
export function SelectAllCheckbox({ selection, total }: { selection: MemberSelection; total: number }) {
  const ref = useRef<HTMLInputElement>(null);
  const count = selection.selected.length;
  useEffect(() => {
    if (ref.current) ref.current.indeterminate = count > 0 && count < total;
  }, [count, total]);
  return (
    <input
      ref={ref}
      type="checkbox"
      className={CHECKBOX_CLASS}
      aria-label="Select all members listed"
      checked={total > 0 && count === total}
      disabled={total === 0}
      onChange={(event) => selection.setAll(event.target.checked)}
      data-testid="select-all-members"
    />
  );
}

export function MemberCheckbox({ selection, member }: { selection: MemberSelection; member: MemberView }) {
  return (
    <input
      type="checkbox"
      className={CHECKBOX_CLASS}
      aria-label={`Select ${member.name}`}
      checked={selection.isChecked(member.membershipId)}
      onChange={(event) => selection.toggle(member.membershipId, event.target.checked)}
      data-testid="select-member"
    />
  );
}

/** "2 selected · Set monthly limit · Clear": what to do with the selection. */
export function BulkActions({
  selection,
  workspace,
}: {
  selection: MemberSelection;
  workspace: WorkspaceRef;
}) {
  const [isEditing, setIsEditing] = useState(false);
  const count = selection.selected.length;
  return (
    <div className="flex flex-wrap items-center gap-2 px-6 pb-3" data-testid="bulk-actions">
      <p className="text-sm text-slate-600 dark:text-slate-400" aria-live="polite">
        {count === 0 ? "Select members to set their limit together" : `${count} selected`}
      </p>
      <Button variant="secondary" disabled={count === 0} onClick={() => setIsEditing(true)}>
        Set monthly limit…
      </Button>
      {count > 0 ? (
        <Button variant="ghost" onClick={selection.clear}>
          Clear selection
        </Button>
      ) : null}
      {isEditing && count > 0 ? (
        <BulkLimitDialog
          members={selection.selected}
          workspace={workspace}
          onClose={() => setIsEditing(false)}
          onSaved={() => {
            setIsEditing(false);
            selection.clear();
          }}
        />
      ) : null}
    </div>
  );
}
