"use client";

import { useRouter } from "next/navigation";
import { useId, useState, useTransition, type FormEvent } from "react";
import { toast } from "sonner";
import type { MemberRole } from "@/db/schema/workspaces";
import { ROLE_LABELS } from "@/components/credits/labels";
import { Modal, ModalFooter } from "@/components/ui/dialog";
import { runAction, type ClientActionError } from "@/components/ui/run-action";
import { InviteLinkResult, type InvitationLinkResult } from "./invite-link-result";
import { Button, SubmitButton } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { createInvitationAction } from "@/lib/actions/invitations/create-invitation";
import type { WorkspaceRef } from "./types";
import { parseLimit } from "./limit-rules";
import {
  InviteAccessFields,
  type InviteDefaults,
  type LimitChoice,
  type TopUpChoice,
} from "./invite-access-fields";

type Props = {
  workspace: WorkspaceRef;
  seats: number;
  seatsLeft: number;
  canInviteOwners: boolean;
  defaults: InviteDefaults;
};

/**
 * "Invite members": email, role, monthly limit and top-up permission (or the workspace's defaults);
 * afterwards the link to share, and whether it was emailed.
 */
export function InviteMembersDialog({ workspace, seats, seatsLeft, canInviteOwners, defaults }: Props) {
  const router = useRouter();
  const ids = useId();
  const [open, setOpen] = useState(false);
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<MemberRole>("member");
  const [limitChoice, setLimitChoice] = useState<LimitChoice>("default");
  const [limitText, setLimitText] = useState("");
  const [topUpChoice, setTopUpChoice] = useState<TopUpChoice>("default");
  const [limitError, setLimitError] = useState<string | null>(null);
  const [error, setError] = useState<ClientActionError | null>(null);
  const [result, setResult] = useState<{ to: string; invitation: InvitationLinkResult } | null>(null);
  const [isPending, startTransition] = useTransition();
  const roles: MemberRole[] = canInviteOwners ? ["member", "admin", "owner"] : ["member", "admin"];
  const hasNoSeats = seatsLeft <= 0;

  function reset() {
    setEmail("");
    setRole("member");
    setLimitChoice("default");
    setLimitText("");
    setTopUpChoice("default");
    setLimitError(null);
    setError(null);
    setResult(null);
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setError(null);
    setLimitError(null);
    const parsed = parseLimit(limitText, limitChoice !== "custom");
    if (!parsed.ok) {
      setLimitError(parsed.message);
      return;
    }
    const monthlyLimit = limitChoice === "default" ? "default" : parsed.value;
    const mayUseTopUp = topUpChoice === "default" ? null : topUpChoice === "yes";
    startTransition(async () => {
      const response = await runAction(() =>
        createInvitationAction({ workspaceId: workspace.id, email, role, monthlyLimit, mayUseTopUp }),
      );
      if (!response.ok) {
        setError(response.error);
        return;
      }
      const to = email.trim().toLowerCase();
      setResult({ to, invitation: response.data });
      toast.success(`Invitation created for ${to}`);
      router.refresh();
    });
  }

  // Messages tied to a field show under it; anything else (no seats, a refusal) above the form.
  const formError =
    error && !error.fieldErrors?.email && !error.fieldErrors?.role && !error.fieldErrors?.monthlyLimit
      ? error.message
      : null;

  return (
    <>
      <Button onClick={() => setOpen(true)}>
        <svg aria-hidden="true" viewBox="0 0 20 20" fill="currentColor" className="size-4">
          <path d="M10.75 4.75a.75.75 0 0 0-1.5 0v4.5h-4.5a.75.75 0 0 0 0 1.5h4.5v4.5a.75.75 0 0 0 1.5 0v-4.5h4.5a.75.75 0 0 0 0-1.5h-4.5v-4.5Z" />
        </svg>
        Invite members
      </Button>
      <Modal
        open={open}
        onOpenChange={(next) => {
          // Not while the invitation is being made. Once its link is shown, the transition is only the
          // page's refresh (router.refresh), which can take a while: Esc and × must close at once.
          if (isPending && !result) return;
          setOpen(next);
          if (!next) reset();
        }}
        title={result ? `Invitation ready for ${result.to}` : "Invite members"}
        description={
          result
            ? "Send them this link. It adds them to the workspace when they sign up or sign in."
            : `Invite someone to ${workspace.name} by email. They get a single-use link that expires in 7 days.`
        }
      >
        {result ? (
          <>
            <div className="px-6 py-5">
              <InviteLinkResult result={result.invitation} to={result.to} timeZone={workspace.timeZone} />
            </div>
            <ModalFooter>
              <Button variant="secondary" onClick={reset} disabled={hasNoSeats}>
                Invite someone else
              </Button>
              <Button
                onClick={() => {
                  setOpen(false);
                  reset();
                }}
              >
                Done
              </Button>
            </ModalFooter>
          </>
        ) : (
          <form onSubmit={submit} noValidate>
            <div className="space-y-5 px-6 py-5">
              {formError ? <FormMessage>{formError}</FormMessage> : null}
              <Field id={`${ids}-email`} label="Email address" errors={error?.fieldErrors?.email}>
                {(aria) => (
                  <Input
                    {...aria}
                    type="email"
                    required
                    autoComplete="off"
                    placeholder="name@company.com"
                    value={email}
                    onChange={(event) => setEmail(event.target.value)}
                  />
                )}
              </Field>
              <Field
                id={`${ids}-role`}
                label="Role"
                hint={
                  canInviteOwners
                    ? "Members spend within the limit you set; admins and owners also manage members and billing."
                    : "Members spend within the limit you set; admins also manage members and billing. Only owners can invite owners."
                }
                errors={error?.fieldErrors?.role}
              >
                {(aria) => (
                  <Select
                    {...aria}
                    value={role}
                    onChange={(event) => setRole(event.target.value as MemberRole)}
                    className="max-w-48"
                  >
                    {roles.map((option) => (
                      <option key={option} value={option}>
                        {ROLE_LABELS[option]}
                      </option>
                    ))}
                  </Select>
                )}
              </Field>
              <InviteAccessFields
                idPrefix={ids}
                defaults={defaults}
                limitChoice={limitChoice}
                onLimitChoiceChange={setLimitChoice}
                limitText={limitText}
                onLimitTextChange={setLimitText}
                limitErrors={[
                  ...(limitError ? [limitError] : []),
                  ...(error?.fieldErrors?.monthlyLimit ?? []),
                ]}
                topUpChoice={topUpChoice}
                onTopUpChoiceChange={setTopUpChoice}
              />
              <p
                className={
                  hasNoSeats
                    ? "text-sm font-medium text-red-700 dark:text-red-400"
                    : "text-sm text-slate-600 dark:text-slate-400"
                }
                data-testid="invite-seats-left"
              >
                {hasNoSeats
                  ? `All ${seats} seats are taken. Remove a member or revoke a pending invitation to free one.`
                  : `${seatsLeft} of ${seats} ${seats === 1 ? "seat" : "seats"} left. A pending invitation holds a seat.`}
              </p>
            </div>
            <ModalFooter>
              <Button
                variant="secondary"
                onClick={() => {
                  setOpen(false);
                  reset();
                }}
                disabled={isPending}
              >
                Cancel
              </Button>
              <SubmitButton pending={isPending} pendingLabel="Inviting…" disabled={hasNoSeats}>
                Send invitation
              </SubmitButton>
            </ModalFooter>
          </form>
        )}
      </Modal>
    </>
  );
}
