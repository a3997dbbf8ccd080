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

const MATCHERS = ROUTE_TEMPLATES.map((template) => ({
  template,
  pattern: new RegExp(
    `^${template
      .split("/")
      .map((part) => (part.startsWith("[...") ? ".+" : part.startsWith("[") ? "[^/]+" : escape(part)))
      .join("/")}/?$`,
  ),
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
