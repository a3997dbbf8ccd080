// The Invoices list's filters and page live in the URL, so a filtered view can be shared and
// exported. Anything malformed or unknown is dropped (invoiceFilterSchema catches it), never trusted.
import { invoiceFilterSchema, invoicePageSchema, type InvoiceFilterParams } from "@/lib/validation/invoices";

export type RawSearchParams = Record<string, string | string[] | undefined>;

export type InvoiceSearch = InvoiceFilterParams & { page: number };

function first(value: string | string[] | undefined): string | undefined {
  const one = Array.isArray(value) ? value[0] : value;
  return one && one.length > 0 ? one : undefined;
}

export function parseInvoiceSearch(raw: RawSearchParams): InvoiceSearch {
  const filters = invoiceFilterSchema.parse({
    kind: first(raw.kind),
    status: first(raw.status),
    from: first(raw.from),
    to: first(raw.to),
  });
  return { ...filters, page: invoicePageSchema.parse(first(raw.page) ?? 1) };
}

export function hasFilters(search: InvoiceFilterParams): boolean {
  return Boolean(search.kind || search.status || search.from || search.to);
}

function filterQuery(search: InvoiceFilterParams): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of ["kind", "status", "from", "to"] as const) {
    const value = search[key];
    if (value) params.set(key, value);
  }
  return params;
}

export function invoicesHref(slug: string, search: Partial<InvoiceSearch>): string {
  const params = filterQuery(search);
  if (search.page && search.page > 1) params.set("page", String(search.page));
  const query = params.toString();
  return `/w/${slug}/settings/billing/invoices${query ? `?${query}` : ""}`;
}

/** The CSV export of the same filtered list (every page, not only this one). */
export function exportHref(workspaceId: string, search: InvoiceFilterParams): string {
  const query = filterQuery(search).toString();
  return `/api/workspaces/${workspaceId}/invoices/export${query ? `?${query}` : ""}`;
}
