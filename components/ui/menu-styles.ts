// The look of the shell's dropdown menus (radix), in one place.
export const MENU_CONTENT =
  "z-50 min-w-56 overflow-hidden rounded-lg border border-slate-200 bg-white p-1 text-sm shadow-lg shadow-slate-900/10 dark:border-slate-700 dark:bg-slate-900 dark:shadow-black/40";

export const MENU_ITEM =
  "relative flex cursor-default items-center gap-2 rounded-md px-2 py-1.5 text-slate-700 outline-none select-none data-[disabled]:pointer-events-none data-[disabled]:opacity-50 data-[highlighted]:bg-slate-100 data-[highlighted]:text-slate-900 dark:text-slate-300 dark:data-[highlighted]:bg-slate-800 dark:data-[highlighted]:text-white";

export const MENU_LABEL = "px-2 py-1.5 text-xs font-medium text-slate-500 dark:text-slate-400";

export const MENU_SEPARATOR = "-mx-1 my-1 h-px bg-slate-200 dark:bg-slate-700";

export const MENU_TRIGGER =
  "flex min-w-0 items-center gap-2 rounded-md px-2 py-1.5 text-sm font-medium text-slate-900 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 data-[state=open]:bg-slate-100 dark:text-white dark:hover:bg-slate-800 dark:data-[state=open]:bg-slate-800";
