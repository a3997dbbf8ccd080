"use client";

import type { FormEvent } from "react";
import { FormMessage } from "@/components/ui/form-message";
import { SubmitButton } from "@/components/ui/button";
import { CreateWorkspaceFields, useCreateWorkspaceForm } from "@/components/shell/create-workspace-form";

/** Creating a workspace when you have none (the home page): the same fields as the dialog. */
export function FirstWorkspaceForm() {
  const form = useCreateWorkspaceForm();

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    void form.create({ replace: true });
  }

  return (
    <form onSubmit={onSubmit} className="space-y-5">
      {form.message ? <FormMessage>{form.message}</FormMessage> : null}
      <CreateWorkspaceFields form={form} idPrefix="first-workspace" />
      <SubmitButton className="w-full" pending={form.pending} pendingLabel="Creating…">
        Create workspace
      </SubmitButton>
    </form>
  );
}
