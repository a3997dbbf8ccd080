"use client";

import { formatTimestampWithZone } from "@/lib/format";
import { useEffect, useId, useRef, useState } from "react";
import { Input } from "@/components/ui/input";
import { buttonClasses } from "@/components/ui/button";

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
  const inputId = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const [copyState, setCopyState] = useState<"idle" | "copied" | "manual">("idle");

  // The form that made the link is gone; put focus on the link so it can be copied straight away.
  useEffect(() => {
    inputRef.current?.focus();
  }, []);

  async function copy() {
    try {
      if (!navigator.clipboard) throw new Error("clipboard unavailable");
      await navigator.clipboard.writeText(result.link);
      setCopyState("copied");
    } catch {
      // Clipboard access needs a secure context and permission; selecting the text still lets people copy.
      inputRef.current?.focus();
      inputRef.current?.select();
      setCopyState("manual");
    }
  }

  return (
    <div className="space-y-3">
      <div>
        <label htmlFor={inputId} className="block text-sm font-medium text-slate-900 dark:text-white">
          Invite link
        </label>
        <div className="mt-1.5 flex gap-2">
          <Input
            ref={inputRef}
            id={inputId}
            readOnly
            value={result.link}
            onFocus={(event) => event.currentTarget.select()}
            className="font-mono text-xs"
            data-testid="invite-link"
          />
          <button type="button" onClick={copy} className={buttonClasses("secondary", "shrink-0")}>
            {copyState === "copied" ? "Copied" : "Copy"}
          </button>
        </div>
        <p className="mt-1.5 text-xs text-slate-600 dark:text-slate-400" aria-live="polite">
          {copyState === "copied"
            ? "The link is on your clipboard."
            : copyState === "manual"
              ? "The link is selected: press Ctrl+C (⌘C on a Mac) to copy it."
              : null}
        </p>
      </div>
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
