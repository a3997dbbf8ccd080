/** Shown while the history's page (or a new filter) loads. */
export default function TransactionsLoading() {
  return (
    <div role="status" aria-live="polite" className="animate-pulse">
      <span className="sr-only">Loading transactions…</span>
      <div className="mb-8 flex items-end justify-between gap-4" aria-hidden="true">
        <div className="space-y-2">
          <div className="h-7 w-44 rounded-md bg-slate-200 dark:bg-slate-800" />
          <div className="h-4 w-80 max-w-full rounded-md bg-slate-200 dark:bg-slate-800" />
        </div>
        <div className="h-9 w-28 rounded-md bg-slate-200 dark:bg-slate-800" />
      </div>
      <div
        className="rounded-xl border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900"
        aria-hidden="true"
      >
        <div className="grid gap-4 px-6 py-5 sm:grid-cols-2 lg:grid-cols-5">
          {Array.from({ length: 5 }, (_, i) => (
            <div key={i} className="h-14 rounded-md bg-slate-100 dark:bg-slate-800/70" />
          ))}
        </div>
        <div className="h-9 border-y border-slate-200 bg-slate-50 dark:border-slate-800 dark:bg-slate-900/60" />
        <div className="divide-y divide-slate-100 dark:divide-slate-800">
          {Array.from({ length: 8 }, (_, i) => (
            <div key={i} className="flex items-center gap-6 px-6 py-3.5">
              <div className="h-4 w-28 rounded-md bg-slate-100 dark:bg-slate-800/70" />
              <div className="h-4 flex-1 rounded-md bg-slate-100 dark:bg-slate-800/70" />
              <div className="h-4 w-16 rounded-md bg-slate-100 dark:bg-slate-800/70" />
              <div className="h-4 w-16 rounded-md bg-slate-100 dark:bg-slate-800/70" />
            </div>
          ))}
        </div>
      </div>
    </div>
  );
}
