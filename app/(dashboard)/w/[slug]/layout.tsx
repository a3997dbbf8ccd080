import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { cache, type ReactNode } from "react";
import { getDb } from "@/lib/db";
import { listWorkspacesForUser } from "@/db/queries/workspaces";
import { can, type Permission } from "@/lib/auth/permissions";
import { getCurrentUser, getWorkspaceAccess, redirectToSignIn } from "@/lib/auth/session";
import { AppHeader } from "@/components/shell/app-header";
import { SkipLink } from "@/components/ui/skip-link";
import { NotificationBell } from "@/components/notifications/notification-bell";
import { TeamSwitcher } from "@/components/shell/team-switcher";
import { WorkspaceNav, type NavGroup } from "@/components/shell/workspace-nav";

// Membership and role are read from the database on every request.
export const dynamic = "force-dynamic";

type Props = { children: ReactNode; params: Promise<{ slug: string }> };

/** The visitor and their membership of the workspace, read once per request (layout and metadata). */
const loadAccess = cache(async (slug: string) => {
  const user = await getCurrentUser();
  const access = user ? await getWorkspaceAccess(user.id, { slug }) : null;
  return { user, access };
});

export async function generateMetadata({ params }: Omit<Props, "children">): Promise<Metadata> {
  const { access } = await loadAccess((await params).slug);
  // Only a member learns the workspace's name.
  const name = access?.workspace.name ?? "Creditpool";
  return { title: { default: name, template: `%s · ${name}` } };
}

type NavLink = { path: string; label: string; permission?: Permission };

const NAV: { label: string; links: NavLink[] }[] = [
  {
    label: "Workspace",
    links: [
      { path: "", label: "Overview" },
      { path: "/transactions", label: "Transactions", permission: "credits:view" },
      { path: "/analytics", label: "Analytics", permission: "analytics:view" },
      { path: "/usage", label: "My usage", permission: "usage:view-own" },
    ],
  },
  {
    label: "Settings",
    links: [
      { path: "/settings/general", label: "General" },
      { path: "/settings/members", label: "Members", permission: "members:view" },
      { path: "/settings/plan", label: "Plan & billing", permission: "credits:view" },
      { path: "/settings/billing", label: "Billing", permission: "credits:view" },
      { path: "/settings/notifications", label: "Notifications", permission: "notifications:view-own" },
      { path: "/settings/api-keys", label: "API keys", permission: "api-keys:manage" },
      { path: "/settings/audit-log", label: "Audit log", permission: "audit-log:view" },
    ],
  },
];

/** The workspace shell: top bar with the team dropdown and account menu, and the workspace's nav. */
export default async function WorkspaceLayout({ children, params }: Props) {
  const { slug } = await params;
  const { user, access } = await loadAccess(slug);
  if (!user) return redirectToSignIn(`/w/${slug}`);
  // Not a member looks the same as no such workspace.
  if (!access) notFound();
  const memberships = await listWorkspacesForUser(getDb(), user.id);

  const base = `/w/${access.workspace.slug}`;
  const groups: NavGroup[] = NAV.map((group) => ({
    label: group.label,
    items: group.links
      .filter((link) => !link.permission || can(access.role, link.permission))
      .map((link) => ({ href: `${base}${link.path}`, label: link.label })),
  })).filter((group) => group.items.length > 0);

  return (
    <div className="min-h-dvh">
      <SkipLink />
      <AppHeader
        user={{ name: user.name, email: user.email }}
        actions={<NotificationBell workspaceId={access.workspace.id} slug={access.workspace.slug} />}
      >
        <TeamSwitcher
          current={{ slug: access.workspace.slug, name: access.workspace.name, role: access.role }}
          workspaces={memberships.map((m) => ({
            slug: m.workspace.slug,
            name: m.workspace.name,
            role: m.role,
          }))}
        />
      </AppHeader>
      <div className="mx-auto max-w-7xl px-4 sm:px-6 lg:flex lg:gap-10 lg:px-8">
        <WorkspaceNav groups={groups} overviewHref={base} />
        <main id="main" className="min-w-0 flex-1 py-6 sm:py-8">
          {children}
        </main>
      </div>
    </div>
  );
}
