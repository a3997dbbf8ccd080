"use client";

import { FILTER_LABEL, FilterForm } from "@/components/ui/filter-form";
import { Select } from "@/components/ui/select";

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
      <div className="col-span-2 sm:col-span-1">
        <label htmlFor="transactions-type" className={FILTER_LABEL}>
          Type
        </label>
        <Select id="transactions-type" name="type" defaultValue={values.type ?? ""} className="mt-1.5 h-9">
          <option value="">All types</option>
          {types.map((type) => (
            <option key={type.value} value={type.value}>
              {type.label}
            </option>
          ))}
        </Select>
      </div>
      <div className="col-span-2 sm:col-span-1">
        <label htmlFor="transactions-member" className={FILTER_LABEL}>
          Member
        </label>
        <Select
          id="transactions-member"
          name="member"
          defaultValue={values.member ?? ""}
          className="mt-1.5 h-9"
        >
          <option value="">Everyone</option>
          {members.map((member) => (
            <option key={member.id} value={member.id}>
              {member.name ? `${member.name} (${member.email})` : member.email}
            </option>
          ))}
        </Select>
      </div>
    </FilterForm>
  );
}
