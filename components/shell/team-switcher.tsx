"use client";

import * as DropdownMenu from "@radix-ui/react-dropdown-menu";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useRef, useState } from "react";
import type { MemberRole } from "@/db/schema/workspaces";
import { ROLE_LABELS } from "@/components/credits/labels";
import { cn } from "@/components/ui/cn";
import { Avatar } from "./avatar";
import { CreateWorkspaceDialog } from "./create-workspace-dialog";
import { CheckIcon, ChevronUpDownIcon, CogIcon, PlusIcon } from "./icons";
import { switchWorkspaceHref, workspaceSettingsHref } from "./workspace-pages";
import {
  MENU_CONTENT,
  MENU_ITEM,
  MENU_LABEL,
  MENU_SEPARATOR,
  MENU_TRIGGER,
} from "@/components/ui/menu-styles";

export type WorkspaceChoice = { slug: string; name: string; role: MemberRole };

/**
 * The team dropdown in the top-left: which workspace you are in, the others (each with a Settings
 * icon that opens its settings), and a new one. Switching keeps you on the page you are on when
 * the other workspace lets your role open it, and takes you to its overview when not.
 */
export function TeamSwitcher({
  current,
  workspaces,
}: {
  current: WorkspaceChoice;
  workspaces: WorkspaceChoice[];
}) {
  const router = useRouter();
  const [isCreating, setIsCreating] = useState(false);
  const triggerRef = useRef<HTMLButtonElement>(null);

  return (
    <>
      <DropdownMenu.Root>
        <DropdownMenu.Trigger ref={triggerRef} className={MENU_TRIGGER}>
          <Avatar name={current.name} shape="square" className="size-6" />
          {/* The name comes from the content, so what is read out starts with what is seen. */}
          <span className="sr-only">{`Workspace: ${current.name}. Switch workspace`}</span>
          <span aria-hidden="true" className="max-w-[9rem] truncate sm:max-w-[16rem]">
            {current.name}
          </span>
          <ChevronUpDownIcon className="size-4 shrink-0 text-slate-400" />
        </DropdownMenu.Trigger>
        <DropdownMenu.Portal>
          <DropdownMenu.Content
            align="start"
            sideOffset={6}
            className={`${MENU_CONTENT} w-72 max-w-[calc(100vw-2rem)]`}
          >
            <DropdownMenu.Label className={MENU_LABEL}>Workspaces</DropdownMenu.Label>
            <DropdownMenu.RadioGroup
              value={current.slug}
              onValueChange={(slug) => {
                const target = workspaces.find((workspace) => workspace.slug === slug);
                if (!target || slug === current.slug) return;
                const { pathname, search } = window.location;
                router.push(switchWorkspaceHref(pathname, search, current.slug, target));
              }}
            >
              {workspaces.map((workspace) => (
                <div key={workspace.slug} className="group/row flex items-center gap-0.5">
                  <DropdownMenu.RadioItem value={workspace.slug} className={cn(MENU_ITEM, "min-w-0 flex-1")}>
                    <Avatar name={workspace.name} shape="square" className="size-6" />
                    <span className="min-w-0 flex-1">
                      <span className="block truncate font-medium text-slate-900 dark:text-white">
                        {workspace.name}
                      </span>
                      <span className="block text-xs text-slate-500 dark:text-slate-400">
                        {ROLE_LABELS[workspace.role]}
                      </span>
                    </span>
                    <DropdownMenu.ItemIndicator>
                      <CheckIcon className="size-4 text-indigo-600 dark:text-indigo-400" />
                    </DropdownMenu.ItemIndicator>
                  </DropdownMenu.RadioItem>
                  {/* Its own menu item, so the arrow keys reach it right after the workspace. */}
                  <DropdownMenu.Item
                    asChild
                    className={cn(MENU_ITEM, "shrink-0 self-stretch text-slate-500 dark:text-slate-400")}
                  >
                    <Link
                      href={workspaceSettingsHref(workspace.slug)}
                      aria-label={`Settings for ${workspace.name}`}
                      title={`Settings for ${workspace.name}`}
                    >
                      <CogIcon className="size-4 opacity-70 transition-opacity group-hover/row:opacity-100" />
                    </Link>
                  </DropdownMenu.Item>
                </div>
              ))}
            </DropdownMenu.RadioGroup>
            <DropdownMenu.Separator className={MENU_SEPARATOR} />
            <DropdownMenu.Item className={MENU_ITEM} onSelect={() => setIsCreating(true)}>
              <span className="inline-flex size-6 items-center justify-center rounded-md border border-dashed border-slate-300 dark:border-slate-600">
                <PlusIcon className="size-3.5" />
              </span>
              Create workspace
            </DropdownMenu.Item>
          </DropdownMenu.Content>
        </DropdownMenu.Portal>
      </DropdownMenu.Root>
      <CreateWorkspaceDialog open={isCreating} onOpenChange={setIsCreating} returnFocusTo={triggerRef} />
    </>
  );
}
