"use client";

import { FilterForm, FilterSelect } from "@/components/ui/filter-form";

type Option = { value: string; label: string };

type Props = {
  basePath: string;
  kinds: Option[];
  statuses: Option[];
  values: { kind: string | null; status: string | null; from: string | null; to: string | null };
  isFiltered: boolean;
};

const FIELDS = ["kind", "status", "from", "to"] as const;

/** Filters for the Invoices list: what was paid for, how it stands, and when. */
export function InvoiceFilters({ basePath, kinds, statuses, values, isFiltered }: Props) {
  return (
    <FilterForm
      basePath={basePath}
      label="Filter invoices"
      idPrefix="invoices"
      fields={FIELDS}
      values={values}
      isFiltered={isFiltered}
      className="grid grid-cols-2 gap-4 lg:grid-cols-[minmax(0,1fr)_minmax(0,1fr)_auto_auto_auto] lg:items-end"
      buttonsClassName="col-span-2 lg:col-span-1"
      errorClassName="col-span-2 lg:col-span-5"
    >
      <FilterSelect
        id="invoices-kind"
        name="kind"
        label="Type"
        defaultValue={values.kind}
        allLabel="All types"
        className="col-span-2 sm:col-span-1"
      >
        {kinds.map((kind) => (
          <option key={kind.value} value={kind.value}>
            {kind.label}
          </option>
        ))}
      </FilterSelect>
      <FilterSelect
        id="invoices-status"
        name="status"
        label="Status"
        defaultValue={values.status}
        allLabel="Any status"
        className="col-span-2 sm:col-span-1"
      >
        {statuses.map((status) => (
          <option key={status.value} value={status.value}>
            {status.label}
          </option>
        ))}
      </FilterSelect>
    </FilterForm>
  );
}
