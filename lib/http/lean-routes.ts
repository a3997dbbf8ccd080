// The metering API's routes for the lean server (server.ts): found in the production build's
// manifest, so a new route under app/api/v1 is served the lean way without being listed anywhere, and
// called through the compiled route module Next.js itself loads (same module instances, same handlers).
// No `server-only` here: this runs in the server process before any bundle, outside the react-server
// condition that package needs.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

type RouteContext = { params: Promise<Record<string, string>> };
type RouteHandler = (request: Request, context: RouteContext) => Promise<Response>;

export type LeanRoute = {
  /** e.g. /api/v1/holds/[holdId]/settle */
  pattern: string;
  segments: string[];
  handlers: Partial<Record<string, RouteHandler>>;
};

const PREFIX = "/api/v1/";
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

/**
 * Routes under /api/v1 that stay with Next.js. The OpenAPI document reads the request through
 * `next/headers` (it names the server it was asked on), which only works inside Next's request scope.
 * The optional catch-all answers the API's 404 for any path no route has; Next's router is what ranks
 * it below every specific route. Every other /api/v1 route is an `apiRoute` (a unit test checks that).
 */
export const NEXT_ONLY_ROUTES: ReadonlySet<string> = new Set(["/api/v1/openapi.json", "/api/v1/[[...path]]"]);

type CompiledRoute = {
  routeModule?: { userland?: Record<string, unknown>; ensureUserland?: () => Promise<void> };
};

/** Loads the handlers of every /api/v1 route of the build in `dir` (after `app.prepare()`). */
export async function loadLeanRoutes(dir: string): Promise<LeanRoute[]> {
  const serverDir = path.join(dir, ".next", "server");
  const manifest = JSON.parse(
    readFileSync(path.join(serverDir, "app-paths-manifest.json"), "utf8"),
  ) as Record<string, string>;
  const require = createRequire(path.join(serverDir, "noop.js"));
  const routes: LeanRoute[] = [];
  for (const [page, file] of Object.entries(manifest)) {
    if (!page.startsWith(PREFIX) || !page.endsWith("/route")) continue;
    const pattern = page.slice(0, -"/route".length);
    if (NEXT_ONLY_ROUTES.has(pattern)) continue;
    const compiled = require(path.join(serverDir, file)) as CompiledRoute;
    const routeModule = compiled.routeModule;
    if (!routeModule)
      throw new Error(`lean api: ${file} has no routeModule (did the Next.js build format change?)`);
    await routeModule.ensureUserland?.();
    const userland = routeModule.userland ?? {};
    const handlers: LeanRoute["handlers"] = {};
    for (const method of METHODS) {
      const handler = userland[method];
      if (typeof handler === "function") handlers[method] = handler as RouteHandler;
    }
    routes.push({ pattern, segments: pattern.split("/").slice(1), handlers });
  }
  return routes;
}

const fixedRoutes = new WeakMap<LeanRoute[], Map<string, LeanRoute>>();

/** The routes whose pattern has no parameter, by path (made once per list). */
function fixedRoutesOf(routes: LeanRoute[]): Map<string, LeanRoute> {
  let fixed = fixedRoutes.get(routes);
  if (!fixed) {
    fixed = new Map();
    for (const route of routes)
      if (!route.pattern.includes("[") && !fixed.has(route.pattern)) fixed.set(route.pattern, route);
    fixedRoutes.set(routes, fixed);
  }
  return fixed;
}

/**
 * The route and handler for a request, or null to leave it to Next.js: anything outside /api/v1, a
 * method the route does not export (Next answers 405 / HEAD / OPTIONS as it always did), a trailing
 * slash (Next redirects it) or a segment that does not decode.
 */
export function matchLeanRoute(
  routes: LeanRoute[],
  method: string,
  url: string,
): { route: LeanRoute; handler: RouteHandler; params: Record<string, string> } | null {
  const question = url.indexOf("?");
  const pathname = question === -1 ? url : url.slice(0, question);
  if (!pathname.startsWith(PREFIX)) return null;
  // A path without parameters (every spend's) is one map lookup.
  const fixed = fixedRoutesOf(routes).get(pathname);
  if (fixed) {
    const handler = fixed.handlers[method];
    return handler ? { route: fixed, handler, params: {} } : null;
  }
  const parts = pathname.split("/").slice(1);
  for (const route of routes) {
    if (route.segments.length !== parts.length) continue;
    const params: Record<string, string> = {};
    let matched = true;
    for (let i = 0; i < parts.length && matched; i += 1) {
      const expected = route.segments[i] ?? "";
      const actual = parts[i] ?? "";
      if (expected.startsWith("[") && expected.endsWith("]")) {
        if (actual === "") matched = false;
        else {
          try {
            params[expected.slice(1, -1)] = decodeURIComponent(actual);
          } catch {
            return null;
          }
        }
      } else if (expected !== actual) matched = false;
    }
    if (!matched) continue;
    const handler = route.handlers[method];
    return handler ? { route, handler, params } : null;
  }
  return null;
}
