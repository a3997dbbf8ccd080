/** Shown while the Invoices list (or a new filter) loads. */
export default function InvoicesLoading() {
  return (
    <div role="status" aria-live="polite" className="animate-pulse">
      <span className="sr-only">Loading invoices…</span>
      <div className="mb-8 space-y-2" aria-hidden="true">
        <div className="h-7 w-32 rounded-md bg-slate-200 dark:bg-slate-800" />
        <div className="h-4 w-80 max-w-full rounded-md bg-slate-200 dark:bg-slate-800" />
      </div>
      <div
        className="rounded-xl border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900"
        aria-hidden="true"
      >
        <div className="h-20 border-b border-slate-200 dark:border-slate-800" />
        {Array.from({ length: 6 }, (_, i) => (
          <div key={i} className="flex items-center gap-6 px-6 py-3.5">
            <div className="h-4 w-28 rounded-md bg-slate-100 dark:bg-slate-800/70" />
            <div className="h-4 flex-1 rounded-md bg-slate-100 dark:bg-slate-800/70" />
            <div className="h-4 w-20 rounded-md bg-slate-100 dark:bg-slate-800/70" />
          </div>
        ))}
      </div>
    </div>
  );
}
