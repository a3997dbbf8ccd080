// The look of dialogs (Radix dialog and alert-dialog), in one place. Modal and ConfirmDialog are built
// on MODAL_CONTENT; the compact dialogs (DIALOG_CONTENT) put title, text and buttons in one padded box.
export const DIALOG_OVERLAY = "fixed inset-0 z-50 bg-slate-950/40 backdrop-blur-[2px] dark:bg-slate-950/70";

export const DIALOG_CONTENT =
  "fixed top-1/2 left-1/2 z-50 max-h-[calc(100dvh-2rem)] w-[calc(100vw-2rem)] max-w-md -translate-x-1/2 -translate-y-1/2 overflow-y-auto rounded-xl border border-slate-200 bg-white p-6 shadow-xl focus:outline-none dark:border-slate-700 dark:bg-slate-900";

export const DIALOG_TITLE = "text-base font-semibold text-slate-900 dark:text-white";

export const DIALOG_DESCRIPTION = "mt-1 text-sm text-slate-600 dark:text-slate-400";

/** A modal's box; add a max-width (and padding, for one without a header). */
export const MODAL_CONTENT =
  "fixed top-1/2 left-1/2 z-50 max-h-[calc(100dvh-2rem)] w-[calc(100vw-2rem)] -translate-x-1/2 -translate-y-1/2 overflow-y-auto rounded-xl border border-slate-200 bg-white shadow-xl shadow-slate-900/10 focus:outline-none dark:border-slate-800 dark:bg-slate-900";
