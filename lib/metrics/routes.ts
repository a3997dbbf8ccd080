// The route label of a request: the app/api folder path of the route handler that answers it
// (`/api/v1/holds/[holdId]/settle`), never the raw path, so label values stay a short fixed list
// whatever ids (or junk) callers send. tests/unit/route-templates.test.ts fails when a route.ts is
// added without its line here.
export const ROUTE_TEMPLATES = [
  "/api/auth/[...nextauth]",
  "/api/health/live",
  "/api/health/ready",
  "/api/metrics",
  "/api/stripe/webhook",
  // Any other path under /api/v1 (its JSON 404): one label however many paths callers try.
  "/api/v1/[[...path]]",
  "/api/v1/balance",
  "/api/v1/holds",
  "/api/v1/holds/[holdId]/release",
  "/api/v1/holds/[holdId]/settle",
  "/api/v1/openapi.json",
  "/api/v1/quote",
  "/api/v1/usage",
  "/api/v1/usage/batch",
  "/api/workspaces/[workspaceId]/analytics/export",
  "/api/workspaces/[workspaceId]/credits",
  "/api/workspaces/[workspaceId]/credits-left",
  "/api/workspaces/[workspaceId]/invoices/export",
  "/api/workspaces/[workspaceId]/notifications",
  "/api/workspaces/[workspaceId]/receipts/[receiptId]/pdf",
  "/api/workspaces/[workspaceId]/transactions/export",
] as const;

const escape = (text: string) => text.replace(/[.*+?^${}()|\\]/g, "\\$&");

/** A template's path segments as a pattern; an optional catch-all's segment may be absent altogether. */
const segmentPattern = (part: string) =>
  part.startsWith("[[...")
    ? "(?:/.+)?"
    : `/${part.startsWith("[...") ? ".+" : part.startsWith("[") ? "[^/]+" : escape(part)}`;

/** An optional catch-all last: as Next.js's router does, every other route is tried before it. */
const MATCHERS = [...ROUTE_TEMPLATES]
  .sort((a, b) => Number(a.includes("[[...")) - Number(b.includes("[[...")))
  .map((template) => ({
    template,
    pattern: new RegExp(`^${template.split("/").slice(1).map(segmentPattern).join("")}/?$`),
  }));

/** The templates without a parameter, by their own path: every metering call but settle and release. */
const FIXED = new Set<string>(ROUTE_TEMPLATES.filter((template) => !template.includes("[")));

/**
 * The template of `pathname`, or "other" for a path no route handler answers. A path that is a
 * template without parameters is answered by one lookup instead of up to twenty patterns (every
 * request asks).
 */
export function routeTemplate(pathname: string): string {
  if (FIXED.has(pathname)) return pathname;
  return MATCHERS.find((matcher) => matcher.pattern.test(pathname))?.template ?? "other";
}
