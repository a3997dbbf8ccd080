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
  /** The back link's text: "← Newest" unless given (a numbered list's "← Previous"). */
  newestLabel?: string;
  /** Where this page is in the list ("26–50 of 500"), between the links. */
  status?: ReactNode;
  /** Keep the scroll position (a table in the middle of a page); by default a new page starts at the top. */
  keepScroll?: boolean;
};

/** Newest-first pages of a list that goes back a cursor at a time: "← Newest" and the older page. */
function CursorPagination({
  label,
  newestHref,
  olderHref,
  olderLabel,
  newestLabel,
  status,
  keepScroll,
}: Props) {
  if (!newestHref && !olderHref) return null;
  const scroll = keepScroll ? false : undefined;
  return (
    <nav
      aria-label={label}
      className="flex items-center justify-between gap-3 border-t border-slate-200 px-6 py-3 dark:border-slate-800"
    >
      {newestHref ? (
        <Link href={newestHref} scroll={scroll} className={buttonClasses("ghost")}>
          {newestLabel ?? "← Newest"}
        </Link>
      ) : (
        <span />
      )}
      {status ? <p className="text-sm text-slate-600 tabular-nums dark:text-slate-400">{status}</p> : null}
      {olderHref ? (
        <Link href={olderHref} scroll={scroll} className={buttonClasses("secondary")}>
          {olderLabel}
        </Link>
      ) : (
        <span />
      )}
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
