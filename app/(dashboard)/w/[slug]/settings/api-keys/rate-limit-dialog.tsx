"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition, type FormEvent } from "react";
import { toast } from "sonner";
import { updateApiKeyRateLimitAction } from "@/lib/actions/api-keys/update-api-key-rate-limit";
import { describeRateLimit } from "@/lib/format";
import { Modal, ModalFooter } from "@/components/ui/dialog";
import { runAction } from "@/components/ui/run-action";
import { SwitchField } from "@/components/ui/switch-field";
import { Button, SubmitButton } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { Input } from "@/components/ui/input";
import type { ApiKeyView } from "./types";

type Limit = { perSecond: number; burst: number };

type Props = {
  workspaceId: string;
  /** The key being edited; null when the dialog is closed. */
  apiKey: ApiKeyView | null;
  defaultLimit: Limit;
  onClose: () => void;
};

/** Digits only, as typed; an empty or partial entry is sent as NaN and refused with the field's message. */
const toNumber = (value: string) => (/^\d{1,9}$/.test(value.trim()) ? Number(value.trim()) : Number.NaN);

/** "Rate limit" for one key: the default, or its own requests a second and burst. */
export function RateLimitDialog({ workspaceId, apiKey, defaultLimit, onClose }: Props) {
  const router = useRouter();
  const [isPending, startTransition] = useTransition();
  const [useDefault, setUseDefault] = useState(true);
  const [perSecond, setPerSecond] = useState("");
  const [burst, setBurst] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string[]>>({});
  const [openedFor, setOpenedFor] = useState<string | null>(null);

  // Start from the key's current setting each time the dialog opens for a key.
  if (apiKey && openedFor !== apiKey.id) {
    setOpenedFor(apiKey.id);
    const current = apiKey.rateLimit ?? defaultLimit;
    setUseDefault(apiKey.rateLimit === null);
    setPerSecond(String(current.perSecond));
    setBurst(String(current.burst));
    setError(null);
    setFieldErrors({});
  }
  if (!apiKey && openedFor !== null) setOpenedFor(null);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!apiKey) return;
    const key = apiKey;
    setError(null);
    setFieldErrors({});
    const limit = useDefault ? null : { perSecond: toNumber(perSecond), burst: toNumber(burst) };
    startTransition(async () => {
      const result = await runAction(() =>
        updateApiKeyRateLimitAction({ workspaceId, apiKeyId: key.id, limit }),
      );
      if (!result.ok) {
        const fields = result.error.fieldErrors ?? {};
        setFieldErrors({ perSecond: fields["limit.perSecond"] ?? [], burst: fields["limit.burst"] ?? [] });
        if (!fields["limit.perSecond"] && !fields["limit.burst"]) setError(result.error.message);
        return;
      }
      toast.success(
        `${key.name} now allows ${describeRateLimit(result.data.limit ?? defaultLimit)}${result.data.limit ? "" : " (the default)"}`,
      );
      onClose();
      router.refresh();
    });
  }

  return (
    <Modal
      open={apiKey !== null}
      onOpenChange={(open) => {
        if (!open && !isPending) onClose();
      }}
      title={apiKey ? `Rate limit for ${apiKey.name}` : "Rate limit"}
      description="How many calls this key may make to the metering API. Past the limit a call is refused with 429 and a Retry-After header, and nothing is charged."
    >
      <form onSubmit={submit} noValidate>
        <div className="space-y-5 px-6 py-5">
          <SwitchField
            id="rate-limit-default"
            label="Use the default"
            hint={`${describeRateLimit(defaultLimit)}: far more than a generation service needs, little enough to stop a runaway loop.`}
            checked={useDefault}
            onChange={setUseDefault}
          />
          {useDefault ? null : (
            <div className="grid gap-4 sm:grid-cols-2">
              <Field
                id="rate-limit-per-second"
                label="Requests a second"
                hint="Sustained, from 1 to 10,000."
                errors={fieldErrors.perSecond?.length ? fieldErrors.perSecond : undefined}
              >
                {(aria) => (
                  <Input
                    {...aria}
                    inputMode="numeric"
                    autoComplete="off"
                    value={perSecond}
                    onChange={(event) => setPerSecond(event.target.value)}
                    maxLength={9}
                  />
                )}
              </Field>
              <Field
                id="rate-limit-burst"
                label="Burst"
                hint="Calls at once after a quiet spell; at least the rate a second. A batch counts one call per 100 records."
                errors={fieldErrors.burst?.length ? fieldErrors.burst : undefined}
              >
                {(aria) => (
                  <Input
                    {...aria}
                    inputMode="numeric"
                    autoComplete="off"
                    value={burst}
                    onChange={(event) => setBurst(event.target.value)}
                    maxLength={9}
                  />
                )}
              </Field>
            </div>
          )}
          <p className="text-xs text-slate-600 dark:text-slate-400">
            Each app instance counts on its own: behind a load balancer with several instances, a key can make
            up to that many times its limit in total.
          </p>
          {error ? <FormMessage>{error}</FormMessage> : null}
        </div>
        <ModalFooter>
          <Button variant="secondary" onClick={onClose} disabled={isPending}>
            Cancel
          </Button>
          <SubmitButton pending={isPending} pendingLabel="Saving…">
            Save rate limit
          </SubmitButton>
        </ModalFooter>
      </form>
    </Modal>
  );
}
