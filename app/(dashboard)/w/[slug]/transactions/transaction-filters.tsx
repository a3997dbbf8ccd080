"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, useTransition, type FormEvent } from "react";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { SubmitButton, buttonClasses } from "@/components/ui/button";

type Props = {
  /** The history's path, without a query. */
  basePath: string;
  types: { value: string; label: string }[];
  members: { id: string; name: string; email: string }[];
  values: { type: string | null; member: string | null; from: string | null; to: string | null };
  isFiltered: boolean;
};

const LABEL = "block text-sm font-medium text-slate-900 dark:text-white";

/**
 * Filters for the transaction history. A plain GET form (it works before the script loads); with
 * script it drops empty fields from the URL and shows that the page is loading. Applying filters
 * starts again from the newest entry.
 */
export function TransactionFilters({ basePath, types, members, values, isFiltered }: Props) {
  const router = useRouter();
  const [isPending, startTransition] = useTransition();
  const [rangeError, setRangeError] = useState<string | null>(null);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const params = new URLSearchParams();
    for (const key of ["type", "member", "from", "to"]) {
      const value = data.get(key);
      if (typeof value === "string" && value !== "") params.set(key, value);
    }
    const from = params.get("from");
    const to = params.get("to");
    if (from && to && from > to) {
      setRangeError("The start date is after the end date.");
      return;
    }
    setRangeError(null);
    const query = params.toString();
    startTransition(() => router.push(query ? `${basePath}?${query}` : basePath));
  }

  const rangeAria = rangeError
    ? { "aria-invalid": true as const, "aria-describedby": "transactions-range-error" }
    : {};

  return (
    <form
      method="get"
      action={basePath}
      onSubmit={onSubmit}
      aria-label="Filter transactions"
      className="grid grid-cols-2 gap-4 lg:grid-cols-[minmax(0,1fr)_minmax(0,1.2fr)_auto_auto_auto] lg:items-end"
    >
      <div className="col-span-2 sm:col-span-1">
        <label htmlFor="transactions-type" className={LABEL}>
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
        <label htmlFor="transactions-member" className={LABEL}>
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
      <div>
        <label htmlFor="transactions-from" className={LABEL}>
          From
        </label>
        <Input
          id="transactions-from"
          name="from"
          type="date"
          defaultValue={values.from ?? ""}
          className="mt-1.5 h-9"
          {...rangeAria}
        />
      </div>
      <div>
        <label htmlFor="transactions-to" className={LABEL}>
          To
        </label>
        <Input
          id="transactions-to"
          name="to"
          type="date"
          defaultValue={values.to ?? ""}
          className="mt-1.5 h-9"
          {...rangeAria}
        />
      </div>
      <div className="col-span-2 flex items-center gap-2 lg:col-span-1">
        <SubmitButton pending={isPending} pendingLabel="Filtering…">
          Apply filters
        </SubmitButton>
        {isFiltered ? (
          <Link href={basePath} className={buttonClasses("ghost")}>
            Clear
          </Link>
        ) : null}
      </div>
      {rangeError ? (
        <p
          id="transactions-range-error"
          role="alert"
          className="col-span-2 text-sm font-medium text-red-600 lg:col-span-5 dark:text-red-400"
        >
          {rangeError}
        </p>
      ) : null}
    </form>
  );
}
