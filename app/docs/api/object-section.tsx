import { FieldList } from "./field-list";
import type { ObjectView } from "./openapi-model";
import { SectionAnchor } from "./section-anchor";

/** A named object from the document's components (UsageResponse, Split, Error, ...). */
export function ObjectSection({ object }: { object: ObjectView }) {
  const headingId = `${object.id}-heading`;
  return (
    <section id={object.id} aria-labelledby={headingId} className="scroll-mt-20">
      <h3 id={headingId} className="group flex items-center gap-2">
        <code className="font-mono text-[15px] font-semibold text-slate-900 dark:text-white">
          {object.name}
        </code>
        <SectionAnchor id={object.id} label={object.name} />
      </h3>
      {object.description ? (
        <p className="mt-1 text-sm text-slate-700 dark:text-slate-300">{object.description}</p>
      ) : null}
      <div className="mt-2">
        <FieldList fields={object.fields} kind="response" label={`Fields of ${object.name}`} />
      </div>
    </section>
  );
}
