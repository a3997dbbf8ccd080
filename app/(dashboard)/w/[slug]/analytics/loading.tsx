/** Shown while the Analytics page (or a new range or filter) loads. */
export default function AnalyticsLoading() {
  const block = "rounded-md bg-slate-200 dark:bg-slate-800";
  const card = "rounded-xl border border-slate-200 bg-white p-6 dark:border-slate-800 dark:bg-slate-900";
  return (
    <div role="status" aria-live="polite" className="animate-pulse space-y-6">
      <span className="sr-only">Loading analytics…</span>
      <div className="flex items-end justify-between gap-4" aria-hidden="true">
        <div className="space-y-2">
          <div className={`h-7 w-36 ${block}`} />
          <div className={`h-4 w-96 max-w-full ${block}`} />
        </div>
        <div className={`h-9 w-28 ${block}`} />
      </div>
      <div className={`h-10 w-full max-w-2xl ${block}`} aria-hidden="true" />
      <div className={`${card} grid grid-cols-2 gap-6 lg:grid-cols-4`} aria-hidden="true">
        {Array.from({ length: 4 }, (_, i) => (
          <div key={i} className="h-14 rounded-md bg-slate-100 dark:bg-slate-800/70" />
        ))}
      </div>
      <div className={card} aria-hidden="true">
        <div className="h-72 rounded-md bg-slate-100 dark:bg-slate-800/70" />
      </div>
    </div>
  );
}
