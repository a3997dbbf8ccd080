"use client";

import { usePathname, useRouter } from "next/navigation";
import { useEffect, useRef, useState, useTransition } from "react";
import { Input } from "@/components/ui/input";
import { MAX_QUERY_LENGTH, membersQueryString, type SortDirection, type SortKey } from "./member-query";

const TYPING_PAUSE_MS = 250;

/** Search by name or email. The query goes into the URL and the server filters. */
export function MemberSearch({ query, sort, dir }: { query: string; sort: SortKey; dir: SortDirection }) {
  const router = useRouter();
  const pathname = usePathname();
  const [value, setValue] = useState(query);
  // The query this box last put in the URL, and the URL's query it last saw: when the URL changes
  // some other way (Clear the search, Back), the box follows it; its own updates leave typing alone.
  const [lastSent, setLastSent] = useState(query);
  const [seenQuery, setSeenQuery] = useState(query);
  if (query !== seenQuery) {
    setSeenQuery(query);
    if (query !== lastSent) {
      setValue(query);
      setLastSent(query);
    }
  }
  const [isPending, startTransition] = useTransition();
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );

  function search(q: string) {
    if (timer.current) clearTimeout(timer.current);
    setLastSent(q.trim());
    startTransition(() =>
      router.replace(pathname + membersQueryString({ q: q.trim(), sort, dir }), { scroll: false }),
    );
  }

  return (
    <form
      role="search"
      action={pathname}
      method="get"
      className="relative w-full sm:w-72"
      onSubmit={(event) => {
        event.preventDefault();
        search(value);
      }}
    >
      <input type="hidden" name="view" value="access" />
      <input type="hidden" name="sort" value={sort} />
      <input type="hidden" name="dir" value={dir} />
      <label htmlFor="member-search" className="sr-only">
        Search members by name or email
      </label>
      <svg
        aria-hidden="true"
        viewBox="0 0 20 20"
        fill="currentColor"
        className="pointer-events-none absolute top-1/2 left-2.5 size-4 -translate-y-1/2 text-slate-400"
      >
        <path
          fillRule="evenodd"
          d="M9 3.5a5.5 5.5 0 1 0 0 11 5.5 5.5 0 0 0 0-11ZM2 9a7 7 0 1 1 12.452 4.391l3.328 3.329a.75.75 0 1 1-1.06 1.06l-3.329-3.328A7 7 0 0 1 2 9Z"
          clipRule="evenodd"
        />
      </svg>
      <Input
        id="member-search"
        type="search"
        name="q"
        value={value}
        maxLength={MAX_QUERY_LENGTH}
        placeholder="Search by name or email"
        autoComplete="off"
        className="pl-8"
        aria-busy={isPending || undefined}
        onChange={(event) => {
          const next = event.target.value;
          setValue(next);
          if (timer.current) clearTimeout(timer.current);
          timer.current = setTimeout(() => search(next), TYPING_PAUSE_MS);
        }}
      />
      {isPending ? (
        <span
          aria-hidden="true"
          className="absolute top-1/2 right-2.5 size-3.5 -translate-y-1/2 animate-spin rounded-full border-2 border-slate-400 border-r-transparent"
        />
      ) : null}
    </form>
  );
}
