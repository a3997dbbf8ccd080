"use client";

import * as DropdownMenu from "@radix-ui/react-dropdown-menu";
import { useQueryClient } from "@tanstack/react-query";
import { signOut } from "next-auth/react";
import Link from "next/link";
import { useRef, useState } from "react";
import type { CreditsLeft } from "@/lib/credits/credits-left";
import { pausePolling } from "@/components/auth/pause-polling";
import { SignOutEverywhereDialog } from "@/components/auth/sign-out-everywhere-dialog";
import { cn } from "@/components/ui/cn";
import { Avatar } from "./avatar";
import { CreditsLeftItem } from "./credits-left-item";
import { ChartIcon, DevicesIcon, PlusIcon, SignOutIcon, UserIcon } from "./icons";
import { MENU_CONTENT, MENU_ITEM, MENU_SEPARATOR, MENU_TRIGGER } from "@/components/ui/menu-styles";

const ICON = "size-4 text-slate-500 dark:text-slate-400";

/** Inside a workspace, what the menu offers about its credits, as the role may see them. */
export type WorkspaceMenu = {
  id: string;
  timeZone: string;
  /** Null only for a workspace with no credit account yet. */
  creditsLeft: CreditsLeft | null;
  /** Owners and admins: the purchase dialog. */
  buyCreditsHref: string | null;
  /** Usage Analytics for those who may see it, My usage for the others. */
  usage: { href: string; label: string };
};

/**
 * The top-right account menu: who is signed in and, inside a workspace, Credits Left (with its
 * breakdown), Buy Credits and Usage Analytics; then their account page and signing out.
 */
export function UserMenu({
  name,
  email,
  workspace,
}: {
  name: string;
  email: string;
  workspace?: WorkspaceMenu;
}) {
  const triggerRef = useRef<HTMLButtonElement>(null);
  const [isConfirming, setIsConfirming] = useState(false);
  const queryClient = useQueryClient();

  async function signOutHere() {
    const polling = await pausePolling(queryClient);
    try {
      await signOut({ callbackUrl: "/sign-in" });
    } catch {
      polling.resume();
    }
  }

  return (
    <>
      <DropdownMenu.Root>
        <DropdownMenu.Trigger ref={triggerRef} className={MENU_TRIGGER}>
          <Avatar name={name || email} />
          {/* The name comes from the content: read out on every width, shown from md up. */}
          <span className="sr-only">{`Account: ${name || email}`}</span>
          <span aria-hidden="true" className="hidden max-w-[12rem] truncate md:block">
            {name}
          </span>
        </DropdownMenu.Trigger>
        <DropdownMenu.Portal>
          <DropdownMenu.Content
            align="end"
            sideOffset={6}
            // Visible overflow: the Credits Left tooltip reaches over the menu's edge.
            className={cn(MENU_CONTENT, "max-w-[calc(100vw-2rem)] overflow-visible")}
          >
            <div className="px-2 py-1.5">
              <p className="truncate font-medium text-slate-900 dark:text-white">{name}</p>
              <p className="truncate text-xs text-slate-500 dark:text-slate-400">{email}</p>
            </div>
            <DropdownMenu.Separator className={MENU_SEPARATOR} />
            {workspace ? (
              <>
                {workspace.creditsLeft ? (
                  <CreditsLeftItem
                    workspaceId={workspace.id}
                    timeZone={workspace.timeZone}
                    initial={workspace.creditsLeft}
                  />
                ) : null}
                {workspace.buyCreditsHref ? (
                  <DropdownMenu.Item asChild className={MENU_ITEM}>
                    <Link href={workspace.buyCreditsHref}>
                      <PlusIcon className={ICON} />
                      Buy Credits
                    </Link>
                  </DropdownMenu.Item>
                ) : null}
                <DropdownMenu.Item asChild className={MENU_ITEM}>
                  <Link href={workspace.usage.href}>
                    <ChartIcon className={ICON} />
                    {workspace.usage.label}
                  </Link>
                </DropdownMenu.Item>
                <DropdownMenu.Separator className={MENU_SEPARATOR} />
              </>
            ) : null}
            <DropdownMenu.Item asChild className={MENU_ITEM}>
              <Link href="/account">
                <UserIcon className={ICON} />
                Account
              </Link>
            </DropdownMenu.Item>
            <DropdownMenu.Separator className={MENU_SEPARATOR} />
            <DropdownMenu.Item className={MENU_ITEM} onSelect={() => setIsConfirming(true)}>
              <DevicesIcon className={ICON} />
              Sign out of all devices
            </DropdownMenu.Item>
            <DropdownMenu.Item className={MENU_ITEM} onSelect={() => void signOutHere()}>
              <SignOutIcon className={ICON} />
              Sign out
            </DropdownMenu.Item>
          </DropdownMenu.Content>
        </DropdownMenu.Portal>
      </DropdownMenu.Root>
      <SignOutEverywhereDialog
        open={isConfirming}
        onOpenChange={setIsConfirming}
        returnFocusTo={triggerRef}
      />
    </>
  );
}
