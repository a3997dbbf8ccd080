import Link from "next/link";
import { Brand } from "@/components/shell/brand";
import { buttonClasses } from "@/components/ui/button";

/**
 * The API reference's top bar (the page is public): the mark, what this is, and the way into the
 * app: back to it when signed in, sign in otherwise.
 */
export function DocsHeader({ isSignedIn }: { isSignedIn: boolean }) {
  return (
    <header className="sticky top-0 z-40 border-b border-slate-200 bg-white/90 backdrop-blur dark:border-slate-800 dark:bg-slate-900/90">
      <div className="mx-auto flex h-14 max-w-7xl items-center justify-between gap-3 px-4 sm:px-6 lg:px-8">
        <div className="flex min-w-0 items-center gap-2">
          <Brand />
          <span className="text-slate-300 select-none dark:text-slate-700" aria-hidden="true">
            /
          </span>
          <span className="truncate text-sm font-medium text-slate-600 dark:text-slate-300">
            API reference
          </span>
        </div>
        <nav aria-label="Account" className="flex shrink-0 items-center gap-2">
          {isSignedIn ? (
            <Link href="/" className={buttonClasses("secondary")}>
              Back to the app
            </Link>
          ) : (
            <Link href="/sign-in" className={buttonClasses("secondary")}>
              Sign in
            </Link>
          )}
        </nav>
      </div>
    </header>
  );
}
