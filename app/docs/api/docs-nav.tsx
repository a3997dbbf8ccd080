import { MethodBadge } from "./method-badge";
import type { ObjectView, OperationView } from "./openapi-model";

const LINK =
  "block rounded-md px-2 py-1 text-sm text-slate-600 hover:bg-slate-100 hover:text-slate-900 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 dark:text-slate-400 dark:hover:bg-slate-800/60 dark:hover:text-white";
const GROUP = "px-2 pb-1 text-xs font-medium text-slate-500 dark:text-slate-400";

export const GUIDE_SECTIONS = [
  { id: "authentication", label: "Authentication" },
  { id: "idempotency", label: "Idempotency" },
  { id: "credits", label: "Credits" },
  { id: "refusals", label: "Refusals (402)" },
  { id: "errors", label: "Errors" },
] as const;

/** The page's table of contents: a sticky sidebar on wide screens, a plain list above the content on narrow ones. */
export function DocsNav({ operations, objects }: { operations: OperationView[]; objects: ObjectView[] }) {
  return (
    <nav aria-label="API reference" className="text-sm">
      <div className="space-y-6">
        <div>
          <p className={GROUP}>Guide</p>
          <ul role="list">
            {GUIDE_SECTIONS.map((section) => (
              <li key={section.id}>
                <a href={`#${section.id}`} className={LINK}>
                  {section.label}
                </a>
              </li>
            ))}
          </ul>
        </div>
        <div>
          <p className={GROUP}>Endpoints</p>
          <ul role="list">
            {operations.map((operation) => (
              <li key={operation.id}>
                <a href={`#${operation.id}`} className={`${LINK} flex items-center gap-2`}>
                  <MethodBadge method={operation.method} className="w-11 text-[10px]" />
                  <span className="truncate font-mono text-xs">{operation.path.replace("/api/v1", "")}</span>
                </a>
              </li>
            ))}
          </ul>
        </div>
        {objects.length ? (
          <div>
            <p className={GROUP}>Objects</p>
            <ul role="list">
              {objects.map((object) => (
                <li key={object.id}>
                  <a href={`#${object.id}`} className={`${LINK} font-mono text-xs`}>
                    {object.name}
                  </a>
                </li>
              ))}
            </ul>
          </div>
        ) : null}
        <div>
          <p className={GROUP}>Machine-readable</p>
          <a href="/api/v1/openapi.json" className={`${LINK} font-mono text-xs`}>
            openapi.json
          </a>
        </div>
      </div>
    </nav>
  );
}
