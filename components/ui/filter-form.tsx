"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, useTransition, type FormEvent, type ReactNode } from "react";
import { SubmitButton, buttonClasses } from "./button";
import { cn } from "./cn";
import { Input } from "./input";
import { Select } from "./select";

/** The label above a filter's control. */
const FILTER_LABEL = "block text-sm font-medium text-slate-900 dark:text-white";

type Props = {
  /** The list's path, without a query. */
  basePath: string;
  /** The form's accessible name. */
  label: string;
  /** Prefix of the date fields' ids: `${idPrefix}-from`, `${idPrefix}-to`. */
  idPrefix: string;
  /** Every field the form sends, in the order they go into the URL (with "from" and "to"). */
  fields: readonly string[];
  values: { from: string | null; to: string | null };
  isFiltered: boolean;
  /** The grid of the form, and where the buttons and the range error sit in it. */
  className: string;
  buttonsClassName: string;
  errorClassName: string;
  /** The filters before the date range. */
  children: ReactNode;
};

/**
 * Filters for a list: the caller's filters, a From/To date range, Apply and Clear. A plain GET form
 * (it works before the script loads); with script it drops empty fields from the URL, refuses a
 * range that ends before it starts, and shows that the page is loading.
 */
export function FilterForm({
  basePath,
  label,
  idPrefix,
  fields,
  values,
  isFiltered,
  className,
  buttonsClassName,
  errorClassName,
  children,
}: Props) {
  const router = useRouter();
  const [isPending, startTransition] = useTransition();
  const [rangeError, setRangeError] = useState<string | null>(null);
  const errorId = `${idPrefix}-range-error`;

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const params = new URLSearchParams();
    for (const key of fields) {
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

  return (
    <form method="get" action={basePath} onSubmit={onSubmit} aria-label={label} className={className}>
      {children}
      {(["from", "to"] as const).map((name) => (
        <div key={name}>
          <label htmlFor={`${idPrefix}-${name}`} className={FILTER_LABEL}>
            {name === "from" ? "From" : "To"}
          </label>
          <Input
            id={`${idPrefix}-${name}`}
            name={name}
            type="date"
            defaultValue={values[name] ?? ""}
            className="mt-1.5 h-9"
            aria-invalid={rangeError ? true : undefined}
            aria-describedby={rangeError ? errorId : undefined}
          />
        </div>
      ))}
      <div className={cn("flex items-center gap-2", buttonsClassName)}>
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
          id={errorId}
          role="alert"
          className={cn("text-sm font-medium text-red-600 dark:text-red-400", errorClassName)}
        >
          {rangeError}
        </p>
      ) : null}
    </form>
  );
}

type FilterSelectProps = {
  id: string;
  /** The query parameter it sends. */
  name: string;
  label: string;
  defaultValue: string | null;
  /** The first option, which filters nothing ("All types"). */
  allLabel: string;
  className?: string;
  /** The other options. */
  children: ReactNode;
};

/** One of a FilterForm's own filters: a labelled select whose first option is "all". */
export function FilterSelect({
  id,
  name,
  label,
  defaultValue,
  allLabel,
  className,
  children,
}: FilterSelectProps) {
  return (
    <div className={className}>
      <label htmlFor={id} className={FILTER_LABEL}>
        {label}
      </label>
      <Select id={id} name={name} defaultValue={defaultValue ?? ""} className="mt-1.5 h-9">
        <option value="">{allLabel}</option>
        {children}
      </Select>
    </div>
  );
}

/** A select's options for people: "Name (email)", or the email alone for someone without a name. */
export function PeopleOptions({ people }: { people: { id: string; name: string; email: string }[] }) {
  return people.map((person) => (
    <option key={person.id} value={person.id}>
      {person.name ? `${person.name} (${person.email})` : person.email}
    </option>
  ));
}
