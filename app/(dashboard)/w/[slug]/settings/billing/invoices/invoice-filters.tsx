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
  const selects = [
    { name: "kind", label: "Type", allLabel: "All types", options: kinds },
    { name: "status", label: "Status", allLabel: "Any status", options: statuses },
  ] as const;
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
      {selects.map((select) => (
        <FilterSelect
          key={select.name}
          id={`invoices-${select.name}`}
          name={select.name}
          label={select.label}
          defaultValue={values[select.name]}
          allLabel={select.allLabel}
          className="col-span-2 sm:col-span-1"
        >
          {select.options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </FilterSelect>
      ))}
    </FilterForm>
  );
}
