import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { cache, type ReactNode } from "react";
import { getDb } from "@/lib/db";
import { getClock } from "@/lib/clock";
import { getCreditsLeft } from "@/lib/credits/credits-left";
import { listWorkspacesForUser } from "@/db/queries/workspaces";
import { can } from "@/lib/auth/permissions";
import { getCurrentUser, getWorkspaceAccess, redirectToSignIn } from "@/lib/auth/session";
import { AppHeader } from "@/components/shell/app-header";
import { BuyCreditsLink } from "@/components/shell/buy-credits-link";
import { buyCreditsHref } from "@/components/credits/buy-credits";
import { SkipLink } from "@/components/ui/skip-link";
import { NotificationBell } from "@/components/notifications/notification-bell";
import { TeamSwitcher } from "@/components/shell/team-switcher";
import { WorkspaceNav, type NavGroup } from "@/components/shell/workspace-nav";
import { WORKSPACE_NAV } from "@/components/shell/workspace-pages";

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

/** The workspace shell: top bar with the team dropdown and account menu, and the workspace's nav. */
export default async function WorkspaceLayout({ children, params }: Props) {
  const { slug } = await params;
  const { user, access } = await loadAccess(slug);
  if (!user) return redirectToSignIn(`/w/${slug}`);
  // Not a member looks the same as no such workspace.
  if (!access) notFound();
  const [memberships, creditsLeft] = await Promise.all([
    listWorkspacesForUser(getDb(), user.id),
    getCreditsLeft({ db: getDb(), clock: getClock() }, access),
  ]);
  const canBuy = can(access.role, "credits:purchase");

  const base = `/w/${access.workspace.slug}`;
  const groups: NavGroup[] = WORKSPACE_NAV.map((group) => ({
    label: group.label,
    items: group.pages
      .filter((page) => !page.permission || can(access.role, page.permission))
      .map((page) => ({ href: `${base}${page.path}`, label: page.label })),
  })).filter((group) => group.items.length > 0);

  return (
    <div className="min-h-dvh">
      <SkipLink />
      <AppHeader
        user={{ name: user.name, email: user.email }}
        workspace={{
          id: access.workspace.id,
          timeZone: access.workspace.timeZone,
          creditsLeft,
          buyCreditsHref: canBuy ? buyCreditsHref(access.workspace.slug) : null,
          usage: can(access.role, "analytics:view")
            ? { href: `${base}/analytics`, label: "Usage Analytics" }
            : { href: `${base}/usage`, label: "My usage" },
        }}
        actions={
          <>
            {canBuy ? <BuyCreditsLink slug={access.workspace.slug} /> : null}
            <NotificationBell workspaceId={access.workspace.id} slug={access.workspace.slug} />
          </>
        }
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
