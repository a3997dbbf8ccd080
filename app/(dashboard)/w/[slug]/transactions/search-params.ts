// The history's filters and page live in the URL, so a filtered view can be shared, bookmarked and
// exported. Anything malformed is dropped (transactionFilterSchema catches it), never trusted.
import { transactionFilterSchema, type TransactionFilterParams } from "@/lib/validation/credits";

export type RawSearchParams = Record<string, string | string[] | undefined>;

export type TransactionSearch = TransactionFilterParams & { cursor: number | null };

function first(value: string | string[] | undefined): string | undefined {
  const one = Array.isArray(value) ? value[0] : value;
  return one && one.length > 0 ? one : undefined;
}

export function parseTransactionSearch(raw: RawSearchParams): TransactionSearch {
  const filters = transactionFilterSchema.parse({
    type: first(raw.type),
    member: first(raw.member),
    from: first(raw.from),
    to: first(raw.to),
  });
  const cursor = Number(first(raw.cursor));
  return { ...filters, cursor: Number.isSafeInteger(cursor) && cursor > 0 ? cursor : null };
}

export function hasFilters(search: TransactionFilterParams): boolean {
  return Boolean(search.type || search.member || search.from || search.to);
}

/** The filters as a query string (without the page), shared by the page's links and the CSV export. */
export function filterQuery(search: TransactionFilterParams): URLSearchParams {
  const params = new URLSearchParams();
  if (search.type) params.set("type", search.type);
  if (search.member) params.set("member", search.member);
  if (search.from) params.set("from", search.from);
  if (search.to) params.set("to", search.to);
  return params;
}

/** The history's URL with these filters and page. */
export function transactionsHref(slug: string, search: Partial<TransactionSearch>): string {
  const params = filterQuery(search);
  if (search.cursor) params.set("cursor", String(search.cursor));
  const query = params.toString();
  return `/w/${slug}/transactions${query ? `?${query}` : ""}`;
}

/** The CSV export of the same filtered list (every page, not only this one). */
export function exportHref(workspaceId: string, search: TransactionFilterParams): string {
  const query = filterQuery(search).toString();
  return `/api/workspaces/${workspaceId}/transactions/export${query ? `?${query}` : ""}`;
}
