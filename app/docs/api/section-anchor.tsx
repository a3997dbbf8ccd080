/** A "#" link to a section, for sharing: quiet until the heading is hovered or the link focused. */
export function SectionAnchor({ id, label }: { id: string; label: string }) {
  return (
    <a
      href={`#${id}`}
      className="rounded-sm text-sm font-normal text-slate-400 opacity-0 transition-opacity group-hover:opacity-100 hover:text-indigo-600 focus-visible:opacity-100 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 dark:text-slate-500 dark:hover:text-indigo-300"
      aria-label={`Link to ${label}`}
    >
      #
    </a>
  );
}
