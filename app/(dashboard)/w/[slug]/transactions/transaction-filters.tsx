"use client";

import { FilterForm, FilterSelect, PeopleOptions } from "@/components/ui/filter-form";

type Props = {
  /** The history's path, without a query. */
  basePath: string;
  types: { value: string; label: string }[];
  members: { id: string; name: string; email: string }[];
  values: { type: string | null; member: string | null; from: string | null; to: string | null };
  isFiltered: boolean;
};

const FIELDS = ["type", "member", "from", "to"] as const;

/** Filters for the transaction history. Applying filters starts again from the newest entry. */
export function TransactionFilters({ basePath, types, members, values, isFiltered }: Props) {
  return (
    <FilterForm
      basePath={basePath}
      label="Filter transactions"
      idPrefix="transactions"
      fields={FIELDS}
      values={values}
      isFiltered={isFiltered}
      className="grid grid-cols-2 gap-4 lg:grid-cols-[minmax(0,1fr)_minmax(0,1.2fr)_auto_auto_auto] lg:items-end"
      buttonsClassName="col-span-2 lg:col-span-1"
      errorClassName="col-span-2 lg:col-span-5"
    >
      <FilterSelect
        id="transactions-type"
        name="type"
        label="Type"
        defaultValue={values.type}
        allLabel="All types"
        className="col-span-2 sm:col-span-1"
      >
        {types.map((type) => (
          <option key={type.value} value={type.value}>
            {type.label}
          </option>
        ))}
      </FilterSelect>
      <FilterSelect
        id="transactions-member"
        name="member"
        label="Member"
        defaultValue={values.member}
        allLabel="Everyone"
        className="col-span-2 sm:col-span-1"
      >
        <PeopleOptions people={members} />
      </FilterSelect>
    </FilterForm>
  );
}
