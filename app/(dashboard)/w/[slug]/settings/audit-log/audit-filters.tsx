"use client";

import { FilterForm, FilterSelect, PeopleOptions } from "@/components/ui/filter-form";
import { ACTION_GROUPS, ACTION_LABELS } from "./describe";

type Props = {
  /** The audit log's path, without a query. */
  basePath: string;
  actors: { id: string; name: string; email: string }[];
  values: { action: string | null; actor: string | null; from: string | null; to: string | null };
  isFiltered: boolean;
};

const FIELDS = ["action", "actor", "from", "to"] as const;

/** Filters for the audit log. Submitting starts from the newest event again. */
export function AuditFilters({ basePath, actors, values, isFiltered }: Props) {
  return (
    <FilterForm
      basePath={basePath}
      label="Filter the audit log"
      idPrefix="audit"
      fields={FIELDS}
      values={values}
      isFiltered={isFiltered}
      className="grid gap-4 sm:grid-cols-2 lg:grid-cols-[minmax(0,1.3fr)_minmax(0,1fr)_auto_auto_auto] lg:items-end"
      buttonsClassName="sm:col-span-2 lg:col-span-1"
      errorClassName="sm:col-span-2 lg:col-span-5"
    >
      <FilterSelect
        id="audit-action"
        name="action"
        label="Action"
        defaultValue={values.action}
        allLabel="All actions"
      >
        {ACTION_GROUPS.map((group) => (
          <optgroup key={group.label} label={group.label}>
            {group.actions.map((action) => (
              <option key={action} value={action}>
                {ACTION_LABELS[action]}
              </option>
            ))}
          </optgroup>
        ))}
      </FilterSelect>
      <FilterSelect
        id="audit-actor"
        name="actor"
        label="Changed by"
        defaultValue={values.actor}
        allLabel="Anyone"
      >
        <PeopleOptions people={actors} />
      </FilterSelect>
    </FilterForm>
  );
}
