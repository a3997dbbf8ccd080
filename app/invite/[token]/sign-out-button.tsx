"use client";

import { signOut } from "next-auth/react";
import { useState } from "react";
import { Button, type ButtonVariant } from "@/components/ui/button";

/** Signs out and goes to `callbackUrl` (the sign-in page unless told otherwise). */
export function SignOutButton({
  callbackUrl = "/sign-in",
  variant = "primary",
}: {
  callbackUrl?: string;
  variant?: ButtonVariant;
}) {
  const [pending, setPending] = useState(false);
  return (
    <Button
      variant={variant}
      disabled={pending}
      onClick={() => {
        setPending(true);
        void signOut({ callbackUrl });
      }}
    >
      {pending ? "Signing out…" : "Sign out"}
    </Button>
  );
}
