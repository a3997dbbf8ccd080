import type { ReactNode } from "react";
import { Brand } from "./brand";
import { UserMenu, type WorkspaceMenu } from "./user-menu";

/**
 * The top bar: the product mark, then (inside a workspace) the team dropdown on the left, and the
 * Buy Credits button, notification bell and account menu on the right.
 */
export function AppHeader({
  user,
  workspace,
  children,
  actions,
}: {
  user: { name: string; email: string };
  /** Inside a workspace: its credits in the account menu. */
  workspace?: WorkspaceMenu;
  children?: ReactNode;
  /** Controls on the right, before the account menu (Buy Credits, the notification bell). */
  actions?: ReactNode;
}) {
  return (
    <header className="sticky top-0 z-40 border-b border-slate-200 bg-white/90 backdrop-blur dark:border-slate-800 dark:bg-slate-900/90">
      <div className="mx-auto flex h-14 max-w-7xl items-center justify-between gap-3 px-4 sm:px-6 lg:px-8">
        <div className="flex min-w-0 items-center gap-2">
          <Brand compact />
          {children ? (
            <>
              <span className="text-slate-300 select-none dark:text-slate-700" aria-hidden="true">
                /
              </span>
              {children}
            </>
          ) : null}
        </div>
        <div className="flex shrink-0 items-center gap-1">
          {actions}
          <UserMenu name={user.name} email={user.email} workspace={workspace} />
        </div>
      </div>
    </header>
  );
}
