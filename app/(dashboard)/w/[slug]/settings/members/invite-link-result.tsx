"use client";

import { formatTimestampWithZone } from "@/lib/format";
import { CopyField } from "@/components/ui/copy-field";

export type InvitationLinkResult = {
  invitationId: string;
  link: string;
  expiresAt: string;
  email: "sent" | "not_configured" | "failed";
};

const EMAIL_MESSAGES: Record<InvitationLinkResult["email"], (to: string) => string> = {
  sent: (to) => `We emailed the link to ${to}.`,
  not_configured: () => "Email isn't set up for this app, so nothing was sent. Share the link yourself.",
  failed: () => "We couldn't send the email. Share the link yourself, or resend it later.",
};

/** The invite link after creating or resending an invitation: copy it, and whether it was emailed. */
export function InviteLinkResult({
  result,
  to,
  timeZone,
}: {
  result: InvitationLinkResult;
  to: string;
  timeZone: string;
}) {
  return (
    <div className="space-y-3">
      <CopyField label="Invite link" value={result.link} noun="link" testId="invite-link" />
      <ul className="space-y-1 text-sm text-slate-700 dark:text-slate-300">
        <li data-testid="invite-email-status">{EMAIL_MESSAGES[result.email](to)}</li>
        <li>
          The link works once and expires on{" "}
          <span className="font-medium">{formatTimestampWithZone(result.expiresAt, timeZone)}</span>.
        </li>
      </ul>
    </div>
  );
}
