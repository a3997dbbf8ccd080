"use client";

import * as DropdownMenu from "@radix-ui/react-dropdown-menu";
import { signOut } from "next-auth/react";
import { Avatar } from "./avatar";
import { SignOutIcon } from "./icons";
import { MENU_CONTENT, MENU_ITEM, MENU_SEPARATOR, MENU_TRIGGER } from "./menu-styles";

/** The top-right account menu: who is signed in, and Sign out. */
export function UserMenu({ name, email }: { name: string; email: string }) {
  return (
    <DropdownMenu.Root>
      <DropdownMenu.Trigger className={MENU_TRIGGER}>
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
          <DropdownMenu.Item className={MENU_ITEM} onSelect={() => void signOut({ callbackUrl: "/sign-in" })}>
            <SignOutIcon className="size-4 text-slate-500 dark:text-slate-400" />
            Sign out
          </DropdownMenu.Item>
        </DropdownMenu.Content>
      </DropdownMenu.Portal>
    </DropdownMenu.Root>
  );
}
