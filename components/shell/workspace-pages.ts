// The pages of a workspace, by who may open them: the nav lists them, and the team dropdown uses
// them to keep you on the same page when you switch to another workspace.
import type { MemberRole } from "@/db/schema/workspaces";
import { can, type Permission } from "@/lib/auth/permissions";

type WorkspacePage = { path: string; label: string; permission?: Permission };

export const WORKSPACE_NAV: { label: string; pages: WorkspacePage[] }[] = [
  {
    label: "Workspace",
    pages: [
      { path: "", label: "Overview" },
      { path: "/transactions", label: "Transactions", permission: "credits:view" },
      { path: "/analytics", label: "Analytics", permission: "analytics:view" },
      { path: "/usage", label: "My usage", permission: "usage:view-own" },
    ],
  },
  {
    label: "Settings",
    pages: [
      { path: "/settings/general", label: "General" },
      { path: "/settings/members", label: "Members", permission: "members:view" },
      { path: "/settings/billing", label: "Credits & Billing", permission: "credits:view" },
      { path: "/settings/notifications", label: "Notifications", permission: "notifications:view-own" },
      { path: "/settings/api-keys", label: "API keys", permission: "api-keys:manage" },
      { path: "/settings/audit-log", label: "Audit log", permission: "audit-log:view" },
    ],
  },
];

/** Pages with no nav item of their own that another workspace has just the same. */
const OTHER_PAGES: WorkspacePage[] = [
  { path: "/settings/notifications/email-outbox", label: "Email outbox", permission: "email-outbox:view" },
];

const SWITCHABLE = [...WORKSPACE_NAV.flatMap((group) => group.pages), ...OTHER_PAGES];

/**
 * Query parameters that mean the same in every workspace (a date range, a sort, a type filter).
 * Everything else is dropped when switching: member ids, cursors and purchase ids belong to one
 * workspace only.
 */
const PORTABLE_PARAMS = new Set([
  "range",
  "from",
  "to",
  "type",
  "model",
  "feature",
  "stack",
  "sort",
  "dir",
  "view",
  "action",
]);

/** The path of a workspace's settings, which the team dropdown's Settings icon opens. */
export function workspaceSettingsHref(slug: string): string {
  return `/w/${slug}/settings/general`;
}

/**
 * Where switching to workspace `to` takes you from `pathname` (?`search`) in workspace `fromSlug`:
 * the same page there when `to`'s role may open it, else its overview. Pages below one of the
 * known pages (a checkout, an auto top-up payment) belong to the old workspace: you get the page
 * above them.
 */
export function switchWorkspaceHref(
  pathname: string,
  search: string,
  fromSlug: string,
  to: { slug: string; role: MemberRole },
): string {
  const base = `/w/${to.slug}`;
  const prefix = `/w/${fromSlug}`;
  if (pathname !== prefix && !pathname.startsWith(`${prefix}/`)) return base;
  const rest = pathname.slice(prefix.length).replace(/\/+$/, "");
  const page = SWITCHABLE.filter(
    (candidate) =>
      candidate.path !== "" && (rest === candidate.path || rest.startsWith(`${candidate.path}/`)),
  ).sort((a, b) => b.path.length - a.path.length)[0];
  if (!page || (page.permission && !can(to.role, page.permission))) return base;

  const kept = new URLSearchParams();
  for (const [key, value] of new URLSearchParams(search)) {
    if (PORTABLE_PARAMS.has(key)) kept.append(key, value);
  }
  const query = kept.toString();
  return `${base}${page.path}${query ? `?${query}` : ""}`;
}
