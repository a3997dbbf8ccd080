"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { toast } from "sonner";
import { updateWorkspaceAction } from "@/lib/actions/workspaces/update-workspace";
import { FormMessage } from "@/components/ui/form-message";
import { SubmitButton } from "@/components/ui/button";
import { useActionForm } from "@/components/ui/run-action";
import { WorkspaceNameField } from "@/components/shell/create-workspace-form";
import { TimeZoneField } from "@/components/shell/time-zone-select";

type Props = { workspaceId: string; name: string; timeZone: string };

/** Rename the workspace and set its time zone (owners). */
export function WorkspaceSettingsForm(props: Props) {
  const router = useRouter();
  const [name, setName] = useState(props.name);
  const [timeZone, setTimeZone] = useState(props.timeZone);
  const { pending, message, fieldErrors, run } = useActionForm();
  const isChanged = name.trim() !== props.name || timeZone !== props.timeZone;

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const result = await run(() => updateWorkspaceAction({ workspaceId: props.workspaceId, name, timeZone }));
    if (!result.ok) return;
    setName(result.data.name);
    toast.success("Workspace settings saved.");
    router.refresh();
  }

  return (
    <form onSubmit={onSubmit} className="max-w-lg space-y-5">
      {message ? <FormMessage>{message}</FormMessage> : null}
      <WorkspaceNameField
        id="workspace-name-input"
        value={name}
        onChange={setName}
        errors={fieldErrors.name}
      />
      <TimeZoneField
        id="workspace-time-zone-input"
        value={timeZone}
        onChange={setTimeZone}
        errors={fieldErrors.timeZone}
      />
      <SubmitButton pending={pending} pendingLabel="Saving…" disabled={!isChanged}>
        Save changes
      </SubmitButton>
    </form>
  );
}
