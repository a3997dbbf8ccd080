"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { toast } from "sonner";
import { createWorkspaceAction } from "@/lib/actions/workspaces/create-workspace";
import { FormMessage } from "@/components/ui/form-message";
import { SubmitButton } from "@/components/ui/button";
import { CreateWorkspaceFields, useCreateWorkspaceForm } from "@/components/shell/create-workspace-form";

/** Creating a workspace when you have none (the home page): the same fields as the dialog. */
export function FirstWorkspaceForm() {
  const router = useRouter();
  const form = useCreateWorkspaceForm();
  const [pending, setPending] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string[]>>({});

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setPending(true);
    setMessage(null);
    setFieldErrors({});
    try {
      const result = await createWorkspaceAction(form.values);
      if (!result.ok) {
        setMessage(result.error.message);
        setFieldErrors(result.error.fieldErrors ?? {});
        setPending(false);
        return;
      }
      toast.success(`${form.values.name.trim()} is ready.`);
      router.replace(`/w/${result.data.slug}`);
      router.refresh();
    } catch {
      setMessage("Could not reach the server. Check your connection and try again.");
      setPending(false);
    }
  }

  return (
    <form onSubmit={onSubmit} className="space-y-5">
      {message ? <FormMessage>{message}</FormMessage> : null}
      <CreateWorkspaceFields form={form} fieldErrors={fieldErrors} idPrefix="first-workspace" />
      <SubmitButton className="w-full" pending={pending} pendingLabel="Creating…">
        Create workspace
      </SubmitButton>
    </form>
  );
}
