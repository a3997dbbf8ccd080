import { cn } from "@/components/ui/cn";

type SectionLink = { id: string; label: string };

/** "On this page": links to the sections of Credits & Billing, so a long page is one jump away. */
export function SectionLinks({ sections, className }: { sections: SectionLink[]; className?: string }) {
  return (
    <nav aria-label="On this page" className={cn("-mt-4 mb-6", className)}>
      <ul role="list" className="flex flex-wrap gap-2">
        {sections.map((section) => (
          <li key={section.id}>
            <a
              href={`#${section.id}`}
              className="inline-block rounded-full px-3 py-1 text-sm font-medium text-slate-700 ring-1 ring-slate-200 ring-inset hover:bg-slate-50 hover:text-slate-900 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 dark:text-slate-300 dark:ring-slate-700 dark:hover:bg-slate-800 dark:hover:text-white"
            >
              {section.label}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
