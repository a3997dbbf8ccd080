"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, useTransition, type FormEvent } from "react";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { SubmitButton, buttonClasses } from "@/components/ui/button";
import { ACTION_GROUPS, ACTION_LABELS } from "./describe";

type Props = {
  /** The audit log's path, without a query. */
  basePath: string;
  actors: { id: string; name: string; email: string }[];
  values: { action: string | null; actor: string | null; from: string | null; to: string | null };
  isFiltered: boolean;
};

/**
 * Filters for the audit log. A plain GET form (it works before the script loads); with script it
 * drops empty fields from the URL and shows that the page is loading. Submitting starts from the
 * newest event again.
 */
export function AuditFilters({ basePath, actors, values, isFiltered }: Props) {
  const router = useRouter();
  const [isPending, startTransition] = useTransition();
  const [rangeError, setRangeError] = useState<string | null>(null);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const params = new URLSearchParams();
    for (const key of ["action", "actor", "from", "to"]) {
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
    <form
      method="get"
      action={basePath}
      onSubmit={onSubmit}
      aria-label="Filter the audit log"
      className="grid gap-4 sm:grid-cols-2 lg:grid-cols-[minmax(0,1.3fr)_minmax(0,1fr)_auto_auto_auto] lg:items-end"
    >
      <div>
        <label htmlFor="audit-action" className="block text-sm font-medium text-slate-900 dark:text-white">
          Action
        </label>
        <Select id="audit-action" name="action" defaultValue={values.action ?? ""} className="mt-1.5 h-9">
          <option value="">All actions</option>
          {ACTION_GROUPS.map((group) => (
            <optgroup key={group.label} label={group.label}>
              {group.actions.map((action) => (
                <option key={action} value={action}>
                  {ACTION_LABELS[action]}
                </option>
              ))}
            </optgroup>
          ))}
        </Select>
      </div>
      <div>
        <label htmlFor="audit-actor" className="block text-sm font-medium text-slate-900 dark:text-white">
          Changed by
        </label>
        <Select id="audit-actor" name="actor" defaultValue={values.actor ?? ""} className="mt-1.5 h-9">
          <option value="">Anyone</option>
          {actors.map((actor) => (
            <option key={actor.id} value={actor.id}>
              {actor.name ? `${actor.name} (${actor.email})` : actor.email}
            </option>
          ))}
        </Select>
      </div>
      <div>
        <label htmlFor="audit-from" className="block text-sm font-medium text-slate-900 dark:text-white">
          From
        </label>
        <Input
          id="audit-from"
          name="from"
          type="date"
          defaultValue={values.from ?? ""}
          className="mt-1.5 h-9"
          aria-invalid={rangeError ? true : undefined}
          aria-describedby={rangeError ? "audit-range-error" : undefined}
        />
      </div>
      <div>
        <label htmlFor="audit-to" className="block text-sm font-medium text-slate-900 dark:text-white">
          To
        </label>
        <Input
          id="audit-to"
          name="to"
          type="date"
          defaultValue={values.to ?? ""}
          className="mt-1.5 h-9"
          aria-invalid={rangeError ? true : undefined}
          aria-describedby={rangeError ? "audit-range-error" : undefined}
        />
      </div>
      <div className="flex items-center gap-2 sm:col-span-2 lg:col-span-1">
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
          id="audit-range-error"
          role="alert"
          className="text-sm font-medium text-red-600 sm:col-span-2 lg:col-span-5 dark:text-red-400"
        >
          {rangeError}
        </p>
      ) : null}
    </form>
  );
}
