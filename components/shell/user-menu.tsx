"use client";

import * as DropdownMenu from "@radix-ui/react-dropdown-menu";
import { signOut } from "next-auth/react";
import Link from "next/link";
import { useRef, useState } from "react";
import { SignOutEverywhereDialog } from "@/components/auth/sign-out-everywhere-dialog";
import { Avatar } from "./avatar";
import { DevicesIcon, SignOutIcon, UserIcon } from "./icons";
import { MENU_CONTENT, MENU_ITEM, MENU_SEPARATOR, MENU_TRIGGER } from "@/components/ui/menu-styles";

const ICON = "size-4 text-slate-500 dark:text-slate-400";

/** The top-right account menu: who is signed in, their account page, and signing out. */
export function UserMenu({ name, email }: { name: string; email: string }) {
  const triggerRef = useRef<HTMLButtonElement>(null);
  const [isConfirming, setIsConfirming] = useState(false);
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
            className={`${MENU_CONTENT} max-w-[calc(100vw-2rem)]`}
          >
            <div className="px-2 py-1.5">
              <p className="truncate font-medium text-slate-900 dark:text-white">{name}</p>
              <p className="truncate text-xs text-slate-500 dark:text-slate-400">{email}</p>
            </div>
            <DropdownMenu.Separator className={MENU_SEPARATOR} />
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
            <DropdownMenu.Item
              className={MENU_ITEM}
              onSelect={() => void signOut({ callbackUrl: "/sign-in" })}
            >
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
