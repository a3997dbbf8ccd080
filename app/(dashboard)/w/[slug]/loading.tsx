/** Shown inside the workspace shell while a page's data loads. */
export default function WorkspaceLoading() {
  return (
    <div role="status" aria-live="polite" className="animate-pulse">
      <span className="sr-only">Loading…</span>
      <div className="mb-8 space-y-2" aria-hidden="true">
        <div className="h-7 w-40 rounded-md bg-slate-200 dark:bg-slate-800" />
        <div className="h-4 w-72 max-w-full rounded-md bg-slate-200 dark:bg-slate-800" />
      </div>
      <div
        className="rounded-xl border border-slate-200 bg-white p-6 dark:border-slate-800 dark:bg-slate-900"
        aria-hidden="true"
      >
        <div className="h-5 w-32 rounded-md bg-slate-200 dark:bg-slate-800" />
        <div className="mt-6 h-10 w-48 rounded-md bg-slate-200 dark:bg-slate-800" />
        <div className="mt-8 grid grid-cols-2 gap-6">
          <div className="h-12 rounded-md bg-slate-100 dark:bg-slate-800/70" />
          <div className="h-12 rounded-md bg-slate-100 dark:bg-slate-800/70" />
        </div>
        <div className="mt-8 space-y-3">
          <div className="h-4 rounded-md bg-slate-100 dark:bg-slate-800/70" />
          <div className="h-4 rounded-md bg-slate-100 dark:bg-slate-800/70" />
          <div className="h-4 w-2/3 rounded-md bg-slate-100 dark:bg-slate-800/70" />
        </div>
      </div>
    </div>
  );
}
