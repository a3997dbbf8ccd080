"use client";

import { useQueryClient } from "@tanstack/react-query";
import { signOut } from "next-auth/react";
import { useState } from "react";
import { signOutEverywhereAction } from "@/lib/actions/auth/sign-out-everywhere";
import { Button } from "@/components/ui/button";
import { FormMessage } from "@/components/ui/form-message";
import { CompactAlertDialog, CompactAlertDialogButtons } from "@/components/ui/compact-alert-dialog";
import { useReturnFocus, type StateDialogProps } from "@/components/ui/return-focus";
import { NETWORK_MESSAGE, runAction } from "@/components/ui/run-action";
import { pausePolling } from "./pause-polling";

/**
 * Confirms "Sign out of all devices", then ends every session of the account on the server and
 * signs this browser out. Opened from the account menu and from the account page.
 */
export function SignOutEverywhereDialog({ open, onOpenChange, returnFocusTo }: StateDialogProps) {
  const returnFocus = useReturnFocus(open, returnFocusTo);
  const [pending, setPending] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const queryClient = useQueryClient();

  async function confirm() {
    setPending(true);
    setMessage(null);
    const polling = await pausePolling(queryClient);
    const result = await runAction(() => signOutEverywhereAction({}));
    // Signed out already (this session had been ended elsewhere) ends the same way.
    if (!result.ok && result.error.code !== "unauthenticated") {
      polling.resume();
      setMessage(result.error.message);
      setPending(false);
      return;
    }
    try {
      await signOut({ callbackUrl: "/sign-in" });
    } catch {
      polling.resume();
      setMessage(NETWORK_MESSAGE);
      setPending(false);
    }
  }

  return (
    <CompactAlertDialog
      open={open}
      onOpenChange={(next) => {
        if (!next) setMessage(null);
        onOpenChange(next);
      }}
      isPending={pending}
      onCloseAutoFocus={returnFocus}
      title="Sign out of all devices?"
      description={
        <>
          You will be signed out everywhere you are signed in, including this browser, other computers and
          phones. Anyone using a copy of your session is signed out too. Sign in again with your password
          afterwards.
        </>
      }
    >
      {message ? <FormMessage className="mt-4">{message}</FormMessage> : null}
      <CompactAlertDialogButtons isPending={pending} className="mt-6">
        <Button variant="danger" disabled={pending} aria-disabled={pending} onClick={() => void confirm()}>
          {pending ? "Signing out…" : "Sign out everywhere"}
        </Button>
      </CompactAlertDialogButtons>
    </CompactAlertDialog>
  );
}

/** The account page's button that opens the dialog. */
export function SignOutEverywhereButton() {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button variant="secondary" onClick={() => setOpen(true)}>
        Sign out of all devices
      </Button>
      <SignOutEverywhereDialog open={open} onOpenChange={setOpen} />
    </>
  );
}
