"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useEffect, useRef } from "react";
import { cn } from "@/components/ui/cn";

export type NavItem = { href: string; label: string };
export type NavGroup = { label: string; items: NavItem[] };

/**
 * The workspace's own navigation: a sidebar on wide screens, a row of tabs that scrolls sideways
 * on narrow ones. Only lists what the member's role may open (decided on the server).
 */
export function WorkspaceNav({ groups, overviewHref }: { groups: NavGroup[]; overviewHref: string }) {
  const pathname = usePathname();
  const tabs = useRef<HTMLDivElement>(null);
  // On a phone the tabs scroll sideways: bring the current page's tab into view, so Billing or
  // Audit log is not hidden off the right edge while you are on it.
  useEffect(() => {
    const row = tabs.current;
    const current = row?.querySelector<HTMLElement>('[aria-current="page"]');
    if (!row || !current || row.scrollWidth <= row.clientWidth) return;
    const offset = current.getBoundingClientRect().left - row.getBoundingClientRect().left;
    row.scrollLeft += offset - (row.clientWidth - current.offsetWidth) / 2;
  }, [pathname]);
  const isActive = (href: string) =>
    href === overviewHref ? pathname === href : pathname === href || pathname.startsWith(`${href}/`);

  return (
    <nav
      aria-label="Workspace"
      className="-mx-4 border-b border-slate-200 sm:-mx-6 lg:sticky lg:top-14 lg:mx-0 lg:w-52 lg:shrink-0 lg:self-start lg:border-b-0 lg:py-8 dark:border-slate-800"
    >
      <div
        ref={tabs}
        className="flex gap-1 overflow-x-auto px-4 py-2 [scrollbar-width:none] sm:px-6 lg:flex-col lg:gap-6 lg:overflow-visible lg:p-0"
      >
        {groups.map((group) => (
          <div key={group.label} className="flex shrink-0 gap-1 lg:flex-col">
            <p className="hidden px-2.5 pb-1 text-xs font-medium text-slate-500 lg:block dark:text-slate-400">
              {group.label}
            </p>
            <ul className="flex gap-1 lg:flex-col" role="list">
              {group.items.map((item) => {
                const active = isActive(item.href);
                return (
                  <li key={item.href}>
                    <Link
                      href={item.href}
                      aria-current={active ? "page" : undefined}
                      className={cn(
                        "block rounded-md px-2.5 py-1.5 text-sm font-medium whitespace-nowrap focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600",
                        active
                          ? "bg-slate-200/70 text-slate-900 dark:bg-slate-800 dark:text-white"
                          : "text-slate-600 hover:bg-slate-100 hover:text-slate-900 dark:text-slate-400 dark:hover:bg-slate-800/60 dark:hover:text-white",
                      )}
                    >
                      {item.label}
                    </Link>
                  </li>
                );
              })}
            </ul>
          </div>
        ))}
      </div>
    </nav>
  );
}
