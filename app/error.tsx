"use client";

// Shown when a page fails on the server, most often because the database is not reachable.
export default function ErrorPage({
  error,
  reset,
}: {
  error: Error & { digest?: string };
  reset: () => void;
}) {
  return (
    <main className="mx-auto max-w-xl px-4 py-24 text-center sm:px-6">
      <h1 className="text-2xl font-semibold tracking-tight text-slate-900 dark:text-white">
        Something went wrong
      </h1>
      <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">
        This page could not be loaded. Try again in a moment; if it keeps happening, the server log has the
        details.
        {error.digest ? (
          <>
            {" "}
            Reference: <code className="font-mono">{error.digest}</code>
          </>
        ) : null}
      </p>
      <button
        type="button"
        onClick={reset}
        className="mt-6 rounded-md bg-indigo-600 px-4 py-2 text-sm font-medium text-white shadow-sm hover:bg-indigo-500 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600"
      >
        Try again
      </button>
    </main>
  );
}
