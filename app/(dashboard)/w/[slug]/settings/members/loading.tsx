/** While the members page loads: the same shapes, quietly pulsing. */
export default function MembersLoading() {
  return (
    <div className="space-y-6" aria-busy="true" aria-live="polite">
      <p className="sr-only">Loading members…</p>
      <div className="space-y-2">
        <div className="h-7 w-40 animate-pulse rounded bg-slate-200 dark:bg-slate-800" />
        <div className="h-4 w-96 max-w-full animate-pulse rounded bg-slate-200 dark:bg-slate-800" />
      </div>
      {[28, 44, 32].map((height) => (
        <div
          key={height}
          className="animate-pulse rounded-xl border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900"
          style={{ height: `${height * 4}px` }}
        />
      ))}
    </div>
  );
}
