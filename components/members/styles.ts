/** An inline text link. */
export const LINK_CLASS =
  "rounded-sm font-medium text-indigo-700 underline-offset-2 hover:underline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 dark:text-indigo-300";

/** Size classes for buttons; `!` so they win over the shared button classes' own padding. */
export const BUTTON_SIZE = {
  md: "px-3.5 py-2 text-sm",
  sm: "px-2.5! py-1.5! text-xs!",
  icon: "px-2! py-1.5!",
} as const;

/** A quiet destructive button (Remove, Revoke): red text, no fill until hovered. Add a BUTTON_SIZE. */
export const DANGER_GHOST_CLASS =
  "inline-flex items-center justify-center gap-2 rounded-md font-medium whitespace-nowrap text-red-700 transition-colors hover:bg-red-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-red-600 disabled:cursor-not-allowed disabled:opacity-60 dark:text-red-400 dark:hover:bg-red-500/10";
