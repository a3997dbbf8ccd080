"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, useTransition, type FormEvent } from "react";
import { createApiKeyAction } from "@/lib/actions/api-keys/create-api-key";
import { Modal, ModalFooter } from "@/components/ui/dialog";
import { LINK_CLASS } from "@/components/ui/text-link";
import { runAction } from "@/components/ui/run-action";
import { Button, SubmitButton } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { PlusIcon } from "@/components/shell/icons";
import { NewKeySecret } from "./new-key-secret";
import type { UsageExample } from "./types";

type Props = {
  workspaceId: string;
  example: UsageExample | null;
};

type Created = { name: string; prefix: string; key: string };

/** "Create API key": name it, then see the secret once, with a command that uses it. */
export function CreateApiKeyDialog({ workspaceId, example }: Props) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [name, setName] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string[]>>({});
  const [created, setCreated] = useState<Created | null>(null);
  const [isPending, startTransition] = useTransition();

  function onOpenChange(next: boolean) {
    // Not while the key is being made. Once it is shown, the transition is only the page's refresh
    // (router.refresh), which can take a while: "I've copied the key" must close the dialog at once.
    if (isPending && !created) return;
    setOpen(next);
    if (!next) {
      // The secret leaves memory with the dialog: it is never shown again.
      setCreated(null);
      setName("");
      setError(null);
      setFieldErrors({});
    }
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setError(null);
    setFieldErrors({});
    startTransition(async () => {
      const result = await runAction(() => createApiKeyAction({ workspaceId, name }));
      if (!result.ok) {
        setFieldErrors(result.error.fieldErrors ?? {});
        if (!result.error.fieldErrors?.name) setError(result.error.message);
        return;
      }
      // The dialog itself says it worked (a toast would sit over its buttons).
      setCreated({ name: result.data.name, prefix: result.data.prefix, key: result.data.key });
      router.refresh();
    });
  }

  return (
    <>
      <Button onClick={() => onOpenChange(true)}>
        <PlusIcon />
        Create API key
      </Button>
      <Modal
        open={open}
        onOpenChange={onOpenChange}
        title={created ? "Your new API key" : "Create API key"}
        description={
          created
            ? `${created.name} works right away, for every call to the metering API on this workspace.`
            : "Name the key after the service that will use it, so you know what stops if you revoke it."
        }
        width={created ? "max-w-2xl" : "max-w-lg"}
      >
        {created ? (
          <>
            <div className="px-6 py-5">
              <NewKeySecret created={created} example={example} />
            </div>
            <ModalFooter
              start={
                <Link href="/docs/api" className={`${LINK_CLASS} text-sm`}>
                  API reference
                </Link>
              }
            >
              <Button onClick={() => onOpenChange(false)}>I&apos;ve copied the key</Button>
            </ModalFooter>
          </>
        ) : (
          <form onSubmit={submit} noValidate>
            <div className="space-y-4 px-6 py-5">
              <TextField
                id="api-key-name"
                label="Name"
                hint="For example “Image renderer (production)”. Up to 60 characters."
                errors={fieldErrors.name}
                value={name}
                onChange={setName}
                maxLength={60}
                autoComplete="off"
                required
              />
              {error ? <FormMessage>{error}</FormMessage> : null}
            </div>
            <ModalFooter>
              <Button variant="secondary" onClick={() => onOpenChange(false)} disabled={isPending}>
                Cancel
              </Button>
              <SubmitButton pending={isPending} pendingLabel="Creating…">
                Create key
              </SubmitButton>
            </ModalFooter>
          </form>
        )}
      </Modal>
    </>
  );
}
