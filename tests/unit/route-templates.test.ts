// The metrics' route label: every route handler under app/api has its template, and a path's ids
// (or junk) never become label values.
import { readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ROUTE_TEMPLATES, routeTemplate } from "@/lib/metrics/routes";

function routeFolders(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return routeFolders(full);
    return entry.name === "route.ts" ? [`/${path.relative("app", dir)}`] : [];
  });
}

describe("route templates", () => {
  it("list exactly the route handlers under app/api", () => {
    expect([...ROUTE_TEMPLATES].sort()).toEqual(routeFolders("app/api").sort());
  });

  it("map paths with ids to their template and anything else to 'other'", () => {
    expect(routeTemplate("/api/v1/holds/5f0c1e9a-1b2c-4d5e-8f90-123456789abc/settle")).toBe(
      "/api/v1/holds/[holdId]/settle",
    );
    expect(routeTemplate("/api/v1/holds/not-a-uuid/release")).toBe("/api/v1/holds/[holdId]/release");
    expect(routeTemplate("/api/v1/usage")).toBe("/api/v1/usage");
    expect(routeTemplate("/api/v1/usage/batch")).toBe("/api/v1/usage/batch");
    expect(routeTemplate("/api/auth/callback/github")).toBe("/api/auth/[...nextauth]");
    expect(routeTemplate("/api/workspaces/w1/receipts/r1/pdf")).toBe(
      "/api/workspaces/[workspaceId]/receipts/[receiptId]/pdf",
    );
    // A template without parameters is its own path's label, with or without a trailing slash.
    for (const template of ROUTE_TEMPLATES.filter((t) => !t.includes("["))) {
      expect(routeTemplate(template)).toBe(template);
      expect(routeTemplate(`${template}/`)).toBe(template);
    }
    // Anything else under /api/v1 is its catch-all's (the API's 404), after every specific route.
    for (const junk of ["/api/v1", "/api/v1/usage/x/y", "/api/v1/holds//settle", "/api/v1/usage.json"]) {
      expect(routeTemplate(junk)).toBe("/api/v1/[[...path]]");
    }
    for (const junk of ["/w/a/b", "/api/v1beta/usage", "/api/v2/usage", "/api/metricsx"]) {
      expect(routeTemplate(junk)).toBe("other");
    }
  });
});
