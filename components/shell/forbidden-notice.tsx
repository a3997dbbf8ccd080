import Link from "next/link";
import type { MemberRole } from "@/db/schema/workspaces";
import { ROLE_LABELS } from "@/components/credits/labels";
import { buttonClasses } from "@/components/ui/button";
import { LockIcon } from "./icons";
import { PageHeader } from "./page-header";

type Props = {
  /** The workspace's slug, for the link back to its overview. */
  slug: string;
  /** The page's own title, so the visitor knows where they are. */
  title: string;
  /** The visitor's role, said plainly when given. */
  role?: MemberRole;
  /** Who may see the page; "an owner or admin" unless said otherwise. */
  need?: string;
};

/**
 * What a page shows when the visitor's role may not see it (requirePageAccess returned
 * allowed: false). The server has already refused the data; this says why and where to go.
 */
export function ForbiddenNotice({ slug, title, role, need = "an owner or admin" }: Props) {
  return (
    <>
      <PageHeader title={title} />
      <div
        className="rounded-xl border border-slate-200 bg-white px-6 py-10 text-center shadow-sm shadow-slate-900/5 dark:border-slate-800 dark:bg-slate-900 dark:shadow-none"
        data-testid="forbidden-notice"
      >
        <span className="mx-auto flex size-10 items-center justify-center rounded-full bg-slate-100 text-slate-500 dark:bg-slate-800 dark:text-slate-400">
          <LockIcon />
        </span>
        <p className="mt-4 text-base font-semibold text-slate-900 dark:text-white">
          You need to be {need} to see this
        </p>
        <p className="mx-auto mt-1 max-w-md text-sm text-slate-600 dark:text-slate-400">
          {role ? `Your role in this workspace is ${ROLE_LABELS[role]}. ` : null}If you need access, ask one
          of its owners.
        </p>
        <Link href={`/w/${slug}`} className={buttonClasses("secondary", "mt-6")}>
          Back to overview
        </Link>
      </div>
    </>
  );
}
