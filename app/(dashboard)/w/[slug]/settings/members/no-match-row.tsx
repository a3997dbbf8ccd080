import Link from "next/link";
import { LINK_CLASS } from "@/components/ui/text-link";
import { membersQueryString } from "./member-query";
import type { SortQuery } from "./sort-link";

/** Manage Access's only row when the search matches nobody, with a way back to everyone. */
export function NoMatchRow({ columns, query }: { columns: number; query: SortQuery }) {
  return (
    <tr>
      <td colSpan={columns} className="px-6 py-10 text-center">
        <p className="text-sm font-medium text-slate-900 dark:text-white">No members match “{query.q}”</p>
        <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
          Search looks at names and email addresses.{" "}
          <Link
            href={membersQueryString({ q: "", sort: query.sort, dir: query.dir })}
            replace
            scroll={false}
            className={LINK_CLASS}
          >
            Clear the search
          </Link>
        </p>
      </td>
    </tr>
  );
}
