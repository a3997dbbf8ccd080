"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { toast } from "sonner";
import { updateWorkspaceAction } from "@/lib/actions/workspaces/update-workspace";
import { Field } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { Input } from "@/components/ui/input";
import { SubmitButton } from "@/components/ui/button";
import { TimeZoneSelect } from "@/components/shell/time-zone-select";

type Props = { workspaceId: string; name: string; timeZone: string };

/** Rename the workspace and set its time zone (owners). */
export function WorkspaceSettingsForm(props: Props) {
  const router = useRouter();
  const [name, setName] = useState(props.name);
  const [timeZone, setTimeZone] = useState(props.timeZone);
  const [pending, setPending] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string[]>>({});
  const isChanged = name.trim() !== props.name || timeZone !== props.timeZone;

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setPending(true);
    setMessage(null);
    setFieldErrors({});
    try {
      const result = await updateWorkspaceAction({ workspaceId: props.workspaceId, name, timeZone });
      if (!result.ok) {
        setMessage(result.error.message);
        setFieldErrors(result.error.fieldErrors ?? {});
        return;
      }
      setName(result.data.name);
      toast.success("Workspace settings saved.");
      router.refresh();
    } catch {
      setMessage("Could not reach the server. Check your connection and try again.");
    } finally {
      setPending(false);
    }
  }

  return (
    <form onSubmit={onSubmit} className="max-w-lg space-y-5">
      {message ? <FormMessage>{message}</FormMessage> : null}
      <Field id="workspace-name-input" label="Workspace name" errors={fieldErrors.name}>
        {(aria) => (
          <Input
            {...aria}
            name="name"
            required
            maxLength={80}
            autoComplete="off"
            value={name}
            onChange={(event) => setName(event.target.value)}
          />
        )}
      </Field>
      <Field id="workspace-time-zone-input" label="Time zone" errors={fieldErrors.timeZone}>
        {(aria) => (
          <TimeZoneSelect
            {...aria}
            name="timeZone"
            value={timeZone}
            onChange={(event) => setTimeZone(event.target.value)}
          />
        )}
      </Field>
      <SubmitButton pending={pending} pendingLabel="Saving…" disabled={!isChanged}>
        Save changes
      </SubmitButton>
    </form>
  );
}
