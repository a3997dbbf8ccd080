import { CodeBlock } from "@/components/api-docs/code-block";
import { FieldList, TypeLabel } from "./field-list";
import { InlineText } from "@/components/api-docs/inline-text";
import { MethodBadge, StatusBadge } from "./method-badge";
import type { OperationView } from "./openapi-model";
import { SectionAnchor } from "./section-anchor";

const SUBHEADING = "text-sm font-semibold text-slate-900 dark:text-white";

/** One endpoint: what it does, what it takes, what it answers with, and a curl command to try it. */
export function OperationSection({ operation }: { operation: OperationView }) {
  const headingId = `${operation.id}-heading`;
  const successes = operation.responses.filter((response) => Number(response.status) < 400);
  const failures = operation.responses.filter((response) => Number(response.status) >= 400);
  return (
    <section
      id={operation.id}
      aria-labelledby={headingId}
      className="scroll-mt-20 border-t border-slate-200 pt-10 first:border-t-0 first:pt-0 dark:border-slate-800"
      data-testid="api-operation"
    >
      <div className="max-w-3xl">
        <h2 id={headingId} className="group flex flex-wrap items-center gap-x-3 gap-y-1">
          <MethodBadge method={operation.method} className="text-xs" />
          <code className="font-mono text-base font-semibold break-all text-slate-900 dark:text-white">
            {operation.path}
          </code>
          <SectionAnchor id={operation.id} label={`${operation.method} ${operation.path}`} />
        </h2>
        <p className="mt-3 text-base font-medium text-slate-900 dark:text-white">{operation.summary}</p>
        {operation.description ? (
          <p className="mt-2 text-[15px] leading-7 text-slate-700 dark:text-slate-300">
            <InlineText text={operation.description} />
          </p>
        ) : null}

        {operation.parameters.length ? (
          <div className="mt-6">
            <h3 className={SUBHEADING}>Parameters</h3>
            <div className="mt-2">
              <FieldList
                fields={operation.parameters}
                kind="request"
                label={`Parameters of ${operation.method} ${operation.path}`}
              />
            </div>
          </div>
        ) : null}

        {operation.body ? (
          <div className="mt-6 scroll-mt-20" id={operation.body.anchorId}>
            <h3 className={SUBHEADING}>
              Request body{" "}
              <span className="font-normal text-slate-500 dark:text-slate-400">
                · JSON{operation.body.isRequired ? "" : ", optional"}
                {operation.body.schemaRef ? ` · ${operation.body.schemaRef}` : ""}
              </span>
            </h3>
            <div className="mt-2">
              <FieldList
                fields={operation.body.fields}
                kind="request"
                label={`Request body of ${operation.method} ${operation.path}`}
              />
            </div>
          </div>
        ) : null}

        <div className="mt-6">
          <h3 className={SUBHEADING}>Example</h3>
          <CodeBlock
            className="mt-2"
            code={operation.curl}
            language="curl"
            label={`curl example for ${operation.method} ${operation.path}`}
          />
        </div>

        <div className="mt-6">
          <h3 className={SUBHEADING}>Responses</h3>
          <ul
            className="mt-2 divide-y divide-slate-100 border-y border-slate-100 dark:divide-slate-800 dark:border-slate-800"
            aria-label={`Responses of ${operation.method} ${operation.path}`}
          >
            {[...successes, ...failures].map((response) => (
              <li
                key={response.status}
                className="flex items-start gap-3 py-2.5 text-sm"
                data-testid="api-response"
                data-status={response.status}
              >
                <StatusBadge status={response.status} />
                <div className="min-w-0 text-slate-700 dark:text-slate-300">
                  <InlineText text={response.description} />
                  {response.schemaRef && Number(response.status) < 400 ? (
                    <span className="ml-1 text-slate-500 dark:text-slate-400">
                      Body: <TypeLabel parts={[{ text: response.schemaRef, ref: response.schemaRef }]} />
                    </span>
                  ) : null}
                </div>
              </li>
            ))}
          </ul>
          {failures.length ? (
            <p className="mt-2 text-xs text-slate-600 dark:text-slate-400">
              Every error has an <TypeLabel parts={[{ text: "Error", ref: "Error" }]} /> body; see{" "}
              <a href="#errors" className="font-medium text-indigo-700 hover:underline dark:text-indigo-300">
                Errors
              </a>
              .
            </p>
          ) : null}
        </div>
      </div>
    </section>
  );
}
