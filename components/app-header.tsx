import Link from "next/link";

/** The top bar: product name and who is signed in. */
export function AppHeader({ userName }: { userName: string | null }) {
  return (
    <header className="border-b border-slate-200 bg-white/80 backdrop-blur dark:border-slate-800 dark:bg-slate-900/80">
      <div className="mx-auto flex min-h-14 max-w-5xl flex-wrap items-center justify-between gap-x-4 gap-y-1 px-4 py-3 sm:px-6">
        <Link
          href="/"
          className="flex shrink-0 items-center gap-2 rounded-md font-semibold tracking-tight text-slate-900 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 dark:text-white"
        >
          {/* eslint-disable-next-line @next/next/no-img-element -- a 20px local SVG needs no optimisation */}
          <img src="/icon.svg" alt="" width={20} height={20} />
          Creditpool
        </Link>
        {userName ? (
          <p className="text-sm text-slate-600 dark:text-slate-400">
            Signed in as <span className="font-medium text-slate-900 dark:text-white">{userName}</span> (demo
            session)
          </p>
        ) : (
          <p className="text-sm text-slate-600 dark:text-slate-400">Not signed in</p>
        )}
      </div>
    </header>
  );
}
