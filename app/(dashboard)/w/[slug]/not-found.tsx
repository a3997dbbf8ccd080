import Link from "next/link";
import { buttonClasses } from "@/components/ui/button";

/** Something inside a workspace that does not exist (or is not the visitor's to see). */
export default function WorkspacePageNotFound() {
  return (
    <div className="rounded-xl border border-dashed border-slate-300 px-6 py-16 text-center dark:border-slate-700">
      <p className="text-sm font-medium text-indigo-600 dark:text-indigo-400">404</p>
      <h1 className="mt-2 text-xl font-semibold tracking-tight text-slate-900 dark:text-white">
        This page doesn&apos;t exist
      </h1>
      <p className="mx-auto mt-2 max-w-md text-sm text-slate-600 dark:text-slate-400">
        The link may be old, or what it pointed to was removed.
      </p>
      <Link href="/" className={buttonClasses("secondary", "mt-6")}>
        Back to your workspace
      </Link>
    </div>
  );
}
