"use client";

import * as DropdownMenu from "@radix-ui/react-dropdown-menu";
import { useRouter } from "next/navigation";
import { toast } from "sonner";
import { decideLimitRequestAction } from "@/lib/actions/members/decide-limit-request";
import { runAction } from "@/components/ui/run-action";
import { MENU_ITEM } from "@/components/ui/menu-styles";
import { cn } from "@/components/ui/cn";

type Decision = "approve_this_month" | "approve_new_limit" | "deny";

const CHOICES: { decision: Decision; label: string; tone: string }[] = [
  {
    decision: "approve_this_month",
    label: "Approve for this month",
    tone: "text-emerald-700 dark:text-emerald-300",
  },
  { decision: "approve_new_limit", label: "Raise the limit", tone: "text-indigo-700 dark:text-indigo-300" },
  { decision: "deny", label: "Deny", tone: "text-red-700 dark:text-red-300" },
];

/** One click answers a member's request for more credits, right from the bell. */
export function RequestActions({
  workspaceId,
  requestId,
  onDone,
}: {
  workspaceId: string;
  requestId: string;
  onDone: () => void;
}) {
  const router = useRouter();

  async function decide(decision: Decision) {
    const result = await runAction(() => decideLimitRequestAction({ workspaceId, requestId, decision }));
    if (result.ok) toast.success(result.data.message);
    else toast.error(result.error.message);
    onDone();
    router.refresh();
  }

  return (
    <div role="group" aria-label="Answer the request" className="flex flex-wrap gap-1 pb-1.5 pl-7">
      {CHOICES.map((choice) => (
        <DropdownMenu.Item
          key={choice.decision}
          className={cn(
            MENU_ITEM,
            "px-2 py-1 text-xs font-medium ring-1 ring-slate-200 dark:ring-slate-700",
            choice.tone,
          )}
          onSelect={() => void decide(choice.decision)}
        >
          {choice.label}
        </DropdownMenu.Item>
      ))}
    </div>
  );
}
