import type { ReactNode } from "react";

/** The panel the sign-in, sign-up and invitation pages are built on. */
export function AuthCard({
  title,
  description,
  children,
  footer,
}: {
  title: string;
  description?: ReactNode;
  children?: ReactNode;
  footer?: ReactNode;
}) {
  return (
    <div className="w-full">
      <div className="rounded-xl border border-slate-200 bg-white px-6 py-8 shadow-sm shadow-slate-900/5 sm:px-8 dark:border-slate-800 dark:bg-slate-900 dark:shadow-none">
        <h1 className="text-xl font-semibold tracking-tight text-slate-900 dark:text-white">{title}</h1>
        {description ? (
          <div className="mt-1.5 text-sm text-slate-600 dark:text-slate-400">{description}</div>
        ) : null}
        {children ? <div className="mt-6">{children}</div> : null}
      </div>
      {footer ? (
        <div className="mt-6 text-center text-sm text-slate-600 dark:text-slate-400">{footer}</div>
      ) : null}
    </div>
  );
}

/** A link in the muted text under an AuthCard. */
export const AUTH_LINK =
  "rounded-sm font-medium text-indigo-600 hover:text-indigo-500 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 dark:text-indigo-400 dark:hover:text-indigo-300";
