"use client";

import { useState } from "react";
import { toast } from "sonner";
import type { CreditEventType } from "@/db/schema/payments";
import { updateEmailPreferenceAction } from "@/lib/actions/notifications/update-email-preference";
import { EVENT_LABELS } from "@/lib/notifications/messages";
import { runAction } from "@/components/ui/run-action";
import { SwitchField } from "@/components/ui/switch-field";

type Props = {
  workspaceId: string;
  initial: Record<CreditEventType, boolean>;
  /** The events this person's role gets, in the order to list them. */
  types: readonly CreditEventType[];
};

/** Which events this person gets by email; each switch saves on its own. */
export function EmailPreferences({ workspaceId, initial, types }: Props) {
  const [choices, setChoices] = useState(initial);
  const [saving, setSaving] = useState<CreditEventType | null>(null);

  async function change(type: CreditEventType, email: boolean) {
    const before = choices[type];
    setChoices((current) => ({ ...current, [type]: email }));
    setSaving(type);
    const result = await runAction(() => updateEmailPreferenceAction({ workspaceId, type, email }));
    setSaving(null);
    if (!result.ok) {
      setChoices((current) => ({ ...current, [type]: before }));
      toast.error(result.error.message);
      return;
    }
    toast.success(
      `${EVENT_LABELS[type].title}: ${email ? "you'll get an email" : "no more emails"} (the bell still shows it).`,
    );
  }

  return (
    <ul role="list" className="divide-y divide-slate-100 dark:divide-slate-800">
      {types.map((type) => (
        <li key={type} className="flex items-center justify-between gap-4 py-3.5 first:pt-0 last:pb-0">
          <SwitchField
            id={`email-${type}`}
            label={EVENT_LABELS[type].title}
            hint={
              <>
                {EVENT_LABELS[type].description} <code className="text-[0.6875rem]">{type}</code>
              </>
            }
            checked={choices[type]}
            onChange={(checked) => void change(type, checked)}
          />
          {saving === type ? (
            <span className="text-xs text-slate-500 dark:text-slate-400" role="status">
              Saving…
            </span>
          ) : null}
        </li>
      ))}
    </ul>
  );
}
