"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { createWorkspaceAction } from "@/lib/actions/workspaces/create-workspace";
import { TextField } from "@/components/ui/field";
import { useActionForm } from "@/components/ui/run-action";
import { TimeZoneField, useBrowserTimeZone } from "./time-zone-select";

/**
 * The name and time zone of a new workspace (the zone starts as the browser's own), and `create`,
 * which makes it, says so and opens it. The home page's form replaces itself with the workspace and
 * stays pending until it is gone; the dialog pushes it, after `onCreated` has closed the dialog.
 */
export function useCreateWorkspaceForm() {
  const router = useRouter();
  const action = useActionForm();
  const browserTimeZone = useBrowserTimeZone();
  const [name, setName] = useState("");
  const [chosenTimeZone, setChosenTimeZone] = useState<string | null>(null);
  const timeZone = chosenTimeZone ?? browserTimeZone ?? "UTC";
  const values = { name, timeZone };

  async function create({ replace = false, onCreated }: { replace?: boolean; onCreated?: () => void }) {
    const result = await action.run(() => createWorkspaceAction(values), { keepPending: replace });
    if (!result.ok) return;
    toast.success(`${name.trim()} is ready.`);
    onCreated?.();
    const href = `/w/${result.data.slug}`;
    if (replace) router.replace(href);
    else router.push(href);
    router.refresh();
  }

  return {
    values,
    setName,
    setTimeZone: setChosenTimeZone,
    create,
    pending: action.pending,
    message: action.message,
    fieldErrors: action.fieldErrors,
    reset() {
      setName("");
      setChosenTimeZone(null);
      action.clear();
    },
  };
}

type CreateWorkspaceForm = ReturnType<typeof useCreateWorkspaceForm>;

/** A workspace's name, as it is chosen for a new one and changed in its settings. */
export function WorkspaceNameField({
  id,
  value,
  onChange,
  errors,
  placeholder,
}: {
  id: string;
  value: string;
  onChange: (name: string) => void;
  errors?: string[];
  placeholder?: string;
}) {
  return (
    <TextField
      id={id}
      label="Workspace name"
      errors={errors}
      name="name"
      required
      maxLength={80}
      autoComplete="off"
      placeholder={placeholder}
      value={value}
      onChange={onChange}
    />
  );
}

export function CreateWorkspaceFields({ form, idPrefix }: { form: CreateWorkspaceForm; idPrefix: string }) {
  return (
    <>
      <WorkspaceNameField
        id={`${idPrefix}-name`}
        placeholder="Acme Design"
        value={form.values.name}
        onChange={form.setName}
        errors={form.fieldErrors.name}
      />
      <TimeZoneField
        id={`${idPrefix}-time-zone`}
        isNewWorkspace
        value={form.values.timeZone}
        onChange={form.setTimeZone}
        errors={form.fieldErrors.timeZone}
      />
    </>
  );
}
