"use client";

import { useState } from "react";
import { toast } from "sonner";
import { updateMemberAlertSubscriptionAction } from "@/lib/actions/notifications/update-member-alert-subscription";
import { runAction } from "@/components/ui/run-action";
import { SwitchField } from "@/components/ui/switch-field";

/** An owner or admin chooses to get every member's 80% and 100% alerts too (off until chosen). */
export function MemberAlertsChoice({ workspaceId, initial }: { workspaceId: string; initial: boolean }) {
  const [on, setOn] = useState(initial);

  async function change(next: boolean) {
    setOn(next);
    const result = await runAction(() => updateMemberAlertSubscriptionAction({ workspaceId, on: next }));
    if (!result.ok) {
      setOn(!next);
      toast.error(result.error.message);
      return;
    }
    toast.success(
      next ? "You'll get the members' limit alerts too." : "You'll no longer get the members' limit alerts.",
    );
  }

  return (
    <div className="mt-5 border-t border-slate-100 pt-4 dark:border-slate-800">
      <SwitchField
        id="member-alerts"
        label="Also tell me when members reach 80% and 100% of their limits"
        hint="Each member always gets their own alerts. Turn this on to get them for everyone, in the bell and (by the switches above) by email."
        checked={on}
        onChange={(checked) => void change(checked)}
      />
    </div>
  );
}
