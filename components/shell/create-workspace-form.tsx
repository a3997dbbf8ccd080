"use client";

import { useState } from "react";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { TimeZoneSelect, useBrowserTimeZone } from "./time-zone-select";

/** The name and time zone of a new workspace; the zone starts as the browser's own. */
export function useCreateWorkspaceForm() {
  const browserTimeZone = useBrowserTimeZone();
  const [name, setName] = useState("");
  const [chosenTimeZone, setChosenTimeZone] = useState<string | null>(null);
  const timeZone = chosenTimeZone ?? browserTimeZone ?? "UTC";
  return {
    values: { name, timeZone },
    setName,
    setTimeZone: setChosenTimeZone,
    reset() {
      setName("");
      setChosenTimeZone(null);
    },
  };
}

export type CreateWorkspaceForm = ReturnType<typeof useCreateWorkspaceForm>;

export function CreateWorkspaceFields({
  form,
  fieldErrors,
  idPrefix,
}: {
  form: CreateWorkspaceForm;
  fieldErrors: Record<string, string[]>;
  idPrefix: string;
}) {
  return (
    <>
      <Field id={`${idPrefix}-name`} label="Workspace name" errors={fieldErrors.name}>
        {(aria) => (
          <Input
            {...aria}
            name="name"
            required
            maxLength={80}
            autoComplete="off"
            placeholder="Acme Design"
            value={form.values.name}
            onChange={(event) => form.setName(event.target.value)}
          />
        )}
      </Field>
      <Field
        id={`${idPrefix}-time-zone`}
        label="Time zone"
        hint="Days and months for credits and member limits are counted in it."
        errors={fieldErrors.timeZone}
      >
        {(aria) => (
          <TimeZoneSelect
            {...aria}
            name="timeZone"
            value={form.values.timeZone}
            onChange={(event) => form.setTimeZone(event.target.value)}
          />
        )}
      </Field>
    </>
  );
}
