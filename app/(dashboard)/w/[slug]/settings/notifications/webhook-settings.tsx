"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { toast } from "sonner";
import { removeWebhookEndpointAction } from "@/lib/actions/notifications/remove-webhook-endpoint";
import { rotateWebhookSecretAction } from "@/lib/actions/notifications/rotate-webhook-secret";
import { saveWebhookEndpointAction } from "@/lib/actions/notifications/save-webhook-endpoint";
import { sendTestWebhookAction } from "@/lib/actions/notifications/send-test-webhook";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { runAction } from "@/components/ui/run-action";
import { BUTTON_SIZE, DANGER_GHOST_CLASS, Button, SubmitButton } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { Input } from "@/components/ui/input";
import { cn } from "@/components/ui/cn";

type Props = {
  workspaceId: string;
  endpoint: { url: string; secret: string; secretRotatedLabel: string } | null;
};

/** Owners set the URL, see and rotate the signing secret, send a test event, or remove the endpoint. */
export function WebhookSettings({ workspaceId, endpoint }: Props) {
  const router = useRouter();
  const [url, setUrl] = useState(endpoint?.url ?? "");
  const [errors, setErrors] = useState<string[] | undefined>();
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState<"save" | "rotate" | "test" | "remove" | null>(null);
  const [isRevealed, setRevealed] = useState(false);
  const [confirm, setConfirm] = useState<"rotate" | "remove" | null>(null);
  const [confirmError, setConfirmError] = useState<string | null>(null);

  async function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setMessage(null);
    setErrors(undefined);
    setBusy("save");
    const result = await runAction(() => saveWebhookEndpointAction({ workspaceId, url }));
    setBusy(null);
    if (!result.ok) {
      setMessage(result.error.message);
      setErrors(result.error.fieldErrors?.url);
      return;
    }
    setUrl(result.data.url);
    toast.success(
      result.data.isNew ? "Webhook endpoint saved. Copy the signing secret below." : "Webhook URL updated.",
    );
    if (result.data.isNew) setRevealed(true);
    router.refresh();
  }

  async function sendTest() {
    setBusy("test");
    const result = await runAction(() => sendTestWebhookAction({ workspaceId }));
    setBusy(null);
    if (!result.ok) {
      toast.error(result.error.message);
      return;
    }
    toast.success("Test event queued. Its delivery shows in the log below.");
    // The worker sends it within moments; show the attempt when it lands.
    for (const wait of [1_500, 4_000]) setTimeout(() => router.refresh(), wait);
    router.refresh();
  }

  async function confirmed() {
    if (!confirm) return;
    setBusy(confirm);
    setConfirmError(null);
    const result =
      confirm === "rotate"
        ? await runAction(() => rotateWebhookSecretAction({ workspaceId }))
        : await runAction(() => removeWebhookEndpointAction({ workspaceId }));
    setBusy(null);
    if (!result.ok) {
      setConfirmError(result.error.message);
      return;
    }
    if (confirm === "rotate") {
      toast.success("New signing secret. Update your receiver: the old one stopped working.");
      setRevealed(true);
    } else {
      toast.success("Webhook endpoint removed. Nothing more will be sent to it.");
      setUrl("");
    }
    setConfirm(null);
    router.refresh();
  }

  async function copySecret() {
    if (!endpoint) return;
    try {
      await navigator.clipboard.writeText(endpoint.secret);
      toast.success("Signing secret copied.");
    } catch {
      setRevealed(true);
      toast.error("Couldn't copy. Select the secret and copy it yourself.");
    }
  }

  return (
    <div className="space-y-6">
      <form onSubmit={save} noValidate className="space-y-4">
        {message ? <FormMessage>{message}</FormMessage> : null}
        <Field
          id="webhook-url"
          label="Endpoint URL"
          hint="We POST each credit event here as signed JSON. Use https:// (http:// only for localhost while developing)."
          errors={errors}
        >
          {(aria) => (
            <Input
              {...aria}
              name="url"
              type="url"
              inputMode="url"
              autoComplete="off"
              spellCheck={false}
              placeholder="https://example.com/webhooks/creditpool"
              value={url}
              onChange={(event) => {
                setUrl(event.target.value);
                setErrors(undefined);
              }}
            />
          )}
        </Field>
        <div className="flex flex-wrap gap-3">
          <SubmitButton
            pending={busy === "save"}
            pendingLabel="Saving…"
            disabled={url.trim() === (endpoint?.url ?? "") || busy !== null}
          >
            {endpoint ? "Save URL" : "Add endpoint"}
          </SubmitButton>
          {endpoint ? (
            <Button variant="secondary" onClick={() => void sendTest()} disabled={busy !== null}>
              {busy === "test" ? "Sending…" : "Send test event"}
            </Button>
          ) : null}
        </div>
      </form>

      {endpoint ? (
        <div className="space-y-2">
          <p className="text-sm font-medium text-slate-900 dark:text-white" id="webhook-secret-label">
            Signing secret
          </p>
          <div className="flex flex-wrap items-center gap-2">
            <code
              aria-labelledby="webhook-secret-label"
              data-testid="webhook-secret"
              className="min-w-0 flex-1 truncate rounded-md bg-slate-100 px-3 py-2 font-mono text-xs text-slate-800 select-all dark:bg-slate-800 dark:text-slate-200"
            >
              {isRevealed ? endpoint.secret : `whsec_${"•".repeat(24)}`}
            </code>
            <Button variant="secondary" className={BUTTON_SIZE.sm} onClick={() => setRevealed(!isRevealed)}>
              {isRevealed ? "Hide" : "Reveal"}
            </Button>
            <Button variant="secondary" className={BUTTON_SIZE.sm} onClick={() => void copySecret()}>
              Copy
            </Button>
          </div>
          <p className="text-xs text-slate-600 dark:text-slate-400">
            Created or last rotated {endpoint.secretRotatedLabel}. Verify the{" "}
            <code>Creditpool-Signature</code> header with it (see the README).
          </p>
          <div className="flex flex-wrap gap-2 pt-2">
            <Button
              variant="secondary"
              className={BUTTON_SIZE.sm}
              onClick={() => {
                setConfirmError(null);
                setConfirm("rotate");
              }}
            >
              Rotate secret
            </Button>
            <button
              type="button"
              className={cn(DANGER_GHOST_CLASS, BUTTON_SIZE.sm)}
              onClick={() => {
                setConfirmError(null);
                setConfirm("remove");
              }}
            >
              Remove endpoint
            </button>
          </div>
        </div>
      ) : null}

      <ConfirmDialog
        open={confirm !== null}
        onOpenChange={(open) => (open ? undefined : setConfirm(null))}
        title={confirm === "rotate" ? "Rotate the signing secret?" : "Remove the webhook endpoint?"}
        description={
          confirm === "rotate"
            ? "Requests are signed with the new secret at once, retries included. Your receiver rejects them until you give it the new secret."
            : "Nothing more is sent to this URL, and deliveries still waiting for a retry are cancelled. The delivery log stays."
        }
        confirmLabel={confirm === "rotate" ? "Rotate secret" : "Remove endpoint"}
        pendingLabel={confirm === "rotate" ? "Rotating…" : "Removing…"}
        isPending={busy === "rotate" || busy === "remove"}
        onConfirm={() => void confirmed()}
        error={confirmError}
      />
    </div>
  );
}
