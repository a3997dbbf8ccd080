"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { toast } from "sonner";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { FormMessage } from "@/components/ui/form-message";
import { LimitChoiceFields } from "./limit-choice-fields";
import { SubmitButton } from "@/components/ui/button";
import { SwitchField } from "@/components/ui/switch-field";
import { useActionForm } from "@/components/ui/run-action";
import { updateMemberDefaultsAction } from "@/lib/actions/workspaces/update-member-defaults";
import { parseLimit } from "./limit-rules";

type Props = { workspaceId: string; defaultMonthlyLimit: number | null; defaultMayUseTopUp: boolean };

const HEADING_ID = "member-defaults";

/**
 * "Defaults for new members": the monthly limit and top-up permission someone gets when they accept
 * an invitation that doesn't set its own. Members already in keep theirs.
 */
export function MemberDefaultsForm(props: Props) {
  const router = useRouter();
  const [isUnlimited, setIsUnlimited] = useState(props.defaultMonthlyLimit === null);
  const [limitText, setLimitText] = useState(
    props.defaultMonthlyLimit === null ? "" : String(props.defaultMonthlyLimit),
  );
  const [mayUseTopUp, setMayUseTopUp] = useState(props.defaultMayUseTopUp);
  const [isTouched, setIsTouched] = useState(false);
  const { pending, message, fieldErrors, run } = useActionForm();
  const parsed = parseLimit(limitText, isUnlimited);
  const limitErrors = [
    ...(isTouched && !parsed.ok ? [parsed.message] : []),
    ...(fieldErrors.defaultMonthlyLimit ?? []),
  ];
  const isChanged =
    !parsed.ok || parsed.value !== props.defaultMonthlyLimit || mayUseTopUp !== props.defaultMayUseTopUp;

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setIsTouched(true);
    if (!parsed.ok) return;
    const defaultMonthlyLimit = parsed.value;
    const result = await run(() =>
      updateMemberDefaultsAction({
        workspaceId: props.workspaceId,
        defaultMonthlyLimit,
        defaultMayUseTopUp: mayUseTopUp,
      }),
    );
    if (!result.ok) return;
    toast.success("Saved the defaults for new members");
    router.refresh();
  }

  return (
    <Card aria-labelledby={HEADING_ID}>
      <CardHeader>
        <div>
          <h2 id={HEADING_ID} className="text-base font-semibold text-slate-900 dark:text-white">
            Defaults for new members
          </h2>
          <p className="text-sm text-slate-600 dark:text-slate-400">
            What someone gets when they accept an invitation that doesn&apos;t set its own. Members already in
            keep theirs.
          </p>
        </div>
      </CardHeader>
      <CardBody>
        <form onSubmit={onSubmit} noValidate className="max-w-xl space-y-5">
          {message ? <FormMessage>{message}</FormMessage> : null}
          <fieldset className="space-y-3">
            <legend className="text-sm font-semibold text-slate-900 dark:text-white">
              Monthly credit limit
            </legend>
            <LimitChoiceFields
              idPrefix="default"
              unlimitedHint="New members can spend from the shared pool without a monthly cap."
              limitHint="A whole number. 0 means new members can't spend until you give them a limit."
              isUnlimited={isUnlimited}
              onUnlimitedChange={(checked) => {
                setIsUnlimited(checked);
                setIsTouched(false);
              }}
              limitText={limitText}
              onLimitTextChange={setLimitText}
              onLimitBlur={() => setIsTouched(true)}
              errors={limitErrors}
            />
          </fieldset>
          <SwitchField
            id="default-may-use-top-up"
            label="May use top-up credits"
            hint="Off: new members' generations draw only free and plan credits, never credits bought as top-ups."
            checked={mayUseTopUp}
            onChange={setMayUseTopUp}
          />
          <SubmitButton pending={pending} pendingLabel="Saving…" disabled={!isChanged}>
            Save defaults
          </SubmitButton>
        </form>
      </CardBody>
    </Card>
  );
}
