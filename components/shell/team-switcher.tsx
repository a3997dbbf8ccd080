"use client";

import * as DropdownMenu from "@radix-ui/react-dropdown-menu";
import { useRouter } from "next/navigation";
import { useRef, useState } from "react";
import type { MemberRole } from "@/db/schema/workspaces";
import { ROLE_LABELS } from "@/components/credits/labels";
import { Avatar } from "./avatar";
import { CreateWorkspaceDialog } from "./create-workspace-dialog";
import { CheckIcon, ChevronUpDownIcon, PlusIcon } from "./icons";
import {
  MENU_CONTENT,
  MENU_ITEM,
  MENU_LABEL,
  MENU_SEPARATOR,
  MENU_TRIGGER,
} from "@/components/ui/menu-styles";

export type WorkspaceChoice = { slug: string; name: string; role: MemberRole };

/** The team dropdown in the top-left: which workspace you are in, the others, and a new one. */
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
                if (slug !== current.slug) router.push(`/w/${slug}`);
              }}
            >
              {workspaces.map((workspace) => (
                <DropdownMenu.RadioItem key={workspace.slug} value={workspace.slug} className={MENU_ITEM}>
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
