import Link from "next/link";
import type { ReactNode } from "react";
import { buttonClasses } from "./button";

type Props = {
  /** The nav's accessible name ("Transaction pages"). */
  label: string;
  /** Back to the first page; null on the first page. */
  newestHref: string | null;
  /** The next page; null on the last one. */
  olderHref: string | null;
  /** The next page's link text ("Older →"). */
  olderLabel: string;
};

/** Newest-first pages of a list that goes back a cursor at a time: "← Newest" and the older page. */
function CursorPagination({ label, newestHref, olderHref, olderLabel }: Props) {
  if (!newestHref && !olderHref) return null;
  return (
    <nav
      aria-label={label}
      className="flex items-center justify-between gap-3 border-t border-slate-200 px-6 py-3 dark:border-slate-800"
    >
      {newestHref ? (
        <Link href={newestHref} className={buttonClasses("ghost")}>
          ← Newest
        </Link>
      ) : (
        <span />
      )}
      {olderHref ? (
        <Link href={olderHref} className={buttonClasses("secondary")}>
          {olderLabel}
        </Link>
      ) : null}
    </nav>
  );
}

type PagedTableProps = Props & {
  /** What to say instead of the table when the page has no rows; null when it has some. */
  empty: ReactNode;
  /** The box around `empty`. */
  emptyClassName: string;
  /** The table, which bleeds to the card's edges (it has -mx-6). */
  children: ReactNode;
};

/** One page of a card's list: the table, or why it is empty, and the links to the other pages. */
export function PagedTable({ empty, emptyClassName, children, ...pages }: PagedTableProps) {
  return (
    <>
      {empty ? <div className={emptyClassName}>{empty}</div> : <div className="px-6">{children}</div>}
      <CursorPagination {...pages} />
    </>
  );
}
