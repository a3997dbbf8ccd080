import { InlineText } from "@/components/api-docs/inline-text";
import { MethodBadge, StatusBadge } from "./method-badge";
import type { ErrorStatusView } from "./openapi-model";

/** Every error status the API answers with, what it means, and which endpoints can return it. */
export function ErrorsTable({
  errors,
  operationCount,
  labelledBy,
}: {
  errors: ErrorStatusView[];
  /** How many endpoints there are, so a status every one can return says so instead of listing them. */
  operationCount: number;
  labelledBy: string;
}) {
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
      <table aria-labelledby={labelledBy} className="w-full border-collapse text-left text-sm">
        <thead className="bg-slate-50 dark:bg-slate-900/60">
          <tr>
            <th scope="col" className="px-4 py-2.5 text-xs font-medium text-slate-600 dark:text-slate-400">
              Status
            </th>
            <th scope="col" className="px-4 py-2.5 text-xs font-medium text-slate-600 dark:text-slate-400">
              Meaning
            </th>
            <th
              scope="col"
              className="hidden px-4 py-2.5 text-xs font-medium text-slate-600 md:table-cell dark:text-slate-400"
            >
              Returned by
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
          {errors.map((error) => (
            <tr key={error.status} data-testid="api-error-status" data-status={error.status}>
              <th scope="row" className="px-4 py-3 align-top font-normal">
                <StatusBadge status={error.status} />
              </th>
              <td className="px-4 py-3 align-top text-slate-700 dark:text-slate-300">
                <InlineText text={error.description} />
              </td>
              <td className="hidden px-4 py-3 align-top md:table-cell">
                {error.operations.length === operationCount ? (
                  <span className="text-slate-600 dark:text-slate-400">Every endpoint</span>
                ) : (
                  <ul className="flex flex-wrap gap-x-3 gap-y-1">
                    {error.operations.map((operation) => (
                      <li key={operation.id}>
                        <a
                          href={`#${operation.id}`}
                          className="inline-flex items-center gap-1.5 rounded-sm font-mono text-xs whitespace-nowrap text-slate-700 hover:text-indigo-700 hover:underline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 dark:text-slate-300 dark:hover:text-indigo-300"
                        >
                          <MethodBadge method={operation.method} className="text-[10px]" />
                          {operation.path.replace(/^\/api\/v1/, "")}
                        </a>
                      </li>
                    ))}
                  </ul>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
