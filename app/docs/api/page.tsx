import type { Metadata } from "next";
import { getDb } from "@/lib/db";
import { listWorkspacesForUser } from "@/db/queries/workspaces";
import { buildOpenApiDocument } from "@/lib/api/v1/openapi";
import { ledgerFailureBody } from "@/lib/api/v1/http";
import { getAppUrl } from "@/lib/app-url";
import { can } from "@/lib/auth/permissions";
import { getCurrentUser } from "@/lib/auth/session";
import { getClock } from "@/lib/clock";
import { failure } from "@/lib/ledger/messages";
import { DocsHeader } from "./docs-header";
import { SkipLink } from "@/components/ui/skip-link";
import { DocsNav } from "./docs-nav";
import { ApiGuide } from "./guide";
import { InlineText } from "@/components/api-docs/inline-text";
import { ObjectSection } from "./object-section";
import { OperationSection } from "./operation-section";
import { buildApiReference, type OpenApiDocument } from "./openapi-model";

export const metadata: Metadata = {
  title: "API reference",
  description: "The Creditpool metering API: charge generations, hold credits, read balances and usage.",
};
// The document names this deployment's own origin, read from the request.
export const dynamic = "force-dynamic";

/** The page a signed-in owner or admin makes keys on, in their first workspace that lets them. */
async function findKeysPage(userId: string): Promise<string | null> {
  const memberships = await listWorkspacesForUser(getDb(), userId);
  const managed = memberships.find((membership) => can(membership.role, "api-keys:manage"));
  return managed ? `/w/${managed.workspace.slug}/settings/api-keys` : null;
}

/** Public: the metering API's reference, rendered from the same OpenAPI document as /api/v1/openapi.json. */
export default async function ApiReferencePage() {
  const [user, origin] = await Promise.all([getCurrentUser(), getAppUrl()]);
  const now = getClock().now();
  // The document is plain JSON built from the zod schemas; the model reads the parts the page shows.
  const reference = buildApiReference(buildOpenApiDocument(origin) as unknown as OpenApiDocument, now);
  const keysHref = user ? await findKeysPage(user.id) : null;
  // A refusal as the API words it, built by the same code that answers real requests.
  const resetsAt = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1)).toISOString();
  const refusalExample = ledgerFailureBody(
    failure("member_limit_reached", {
      limit: 15_000,
      used: 14_980,
      remaining: 20,
      required: 96,
      resetsAt,
    }),
  );

  return (
    <div className="min-h-dvh">
      <SkipLink />
      <DocsHeader isSignedIn={user !== null} />
      <div className="mx-auto max-w-7xl px-4 sm:px-6 lg:flex lg:gap-10 lg:px-8">
        <aside className="hidden lg:sticky lg:top-14 lg:block lg:max-h-[calc(100dvh-3.5rem)] lg:w-64 lg:shrink-0 lg:self-start lg:overflow-y-auto lg:py-10">
          <DocsNav operations={reference.operations} objects={reference.objects} />
        </aside>

        <main id="main" className="min-w-0 flex-1 py-10 sm:py-12">
          <div className="max-w-3xl">
            <p className="text-sm font-medium text-indigo-700 dark:text-indigo-300">
              Version {reference.version} · OpenAPI {reference.openapi}
            </p>
            <h1 className="mt-2 text-3xl font-semibold tracking-tight text-slate-900 dark:text-white">
              {reference.title}
            </h1>
            {reference.description ? (
              <p className="mt-4 text-base leading-7 text-slate-700 dark:text-slate-300">
                <InlineText text={reference.description} />
              </p>
            ) : null}
            <dl className="mt-6 grid gap-4 rounded-lg border border-slate-200 bg-white p-4 text-sm sm:grid-cols-2 dark:border-slate-800 dark:bg-slate-900">
              <div className="min-w-0">
                <dt className="text-xs font-medium text-slate-500 dark:text-slate-400">Base URL</dt>
                <dd className="mt-1 font-mono text-[13px] break-all text-slate-900 dark:text-white">
                  {reference.serverUrl}/api/v1
                </dd>
              </div>
              <div className="min-w-0">
                <dt className="text-xs font-medium text-slate-500 dark:text-slate-400">OpenAPI document</dt>
                <dd className="mt-1">
                  <a
                    href="/api/v1/openapi.json"
                    className="rounded-sm font-mono text-[13px] font-medium text-indigo-700 hover:underline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 dark:text-indigo-300"
                  >
                    /api/v1/openapi.json
                  </a>
                </dd>
              </div>
            </dl>

            <details className="mt-6 rounded-lg border border-slate-200 bg-white lg:hidden dark:border-slate-800 dark:bg-slate-900">
              <summary className="cursor-pointer rounded-lg px-4 py-3 text-sm font-medium text-slate-900 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 dark:text-white">
                On this page
              </summary>
              <div className="border-t border-slate-200 px-2 py-3 dark:border-slate-800">
                <DocsNav operations={reference.operations} objects={reference.objects} />
              </div>
            </details>

            <div className="mt-12">
              <ApiGuide reference={reference} keysHref={keysHref} refusalExample={refusalExample} />
            </div>
          </div>

          <section aria-labelledby="endpoints-heading" className="mt-16">
            <h2
              id="endpoints-heading"
              className="text-xl font-semibold tracking-tight text-slate-900 dark:text-white"
            >
              Endpoints
            </h2>
            <div className="mt-6 space-y-12">
              {reference.operations.map((operation) => (
                <OperationSection key={operation.id} operation={operation} />
              ))}
            </div>
          </section>

          {reference.objects.length ? (
            <section
              aria-labelledby="objects-heading"
              className="mt-16 max-w-3xl border-t border-slate-200 pt-10 dark:border-slate-800"
            >
              <h2
                id="objects-heading"
                className="text-xl font-semibold tracking-tight text-slate-900 dark:text-white"
              >
                Objects
              </h2>
              <p className="mt-2 text-[15px] leading-7 text-slate-700 dark:text-slate-300">
                What the endpoints answer with. Every field is present unless marked otherwise.
              </p>
              <div className="mt-8 space-y-10">
                {reference.objects.map((object) => (
                  <ObjectSection key={object.id} object={object} />
                ))}
              </div>
            </section>
          ) : null}
        </main>
      </div>
    </div>
  );
}
