"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { acceptInvitationAction } from "@/lib/actions/invitations/accept-invitation";
import { Button } from "@/components/ui/button";
import { FormMessage } from "@/components/ui/form-message";

export function AcceptInvitationButton({ token, workspaceName }: { token: string; workspaceName: string }) {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function accept() {
    setPending(true);
    setError(null);
    try {
      const result = await acceptInvitationAction({ token });
      if (!result.ok) {
        setError(result.error.message);
        setPending(false);
        return;
      }
      toast.success(`You joined ${workspaceName}.`);
      router.replace(`/w/${result.data.workspaceSlug}`);
      router.refresh();
    } catch {
      setError("Could not reach the server. Check your connection and try again.");
      setPending(false);
    }
  }

  return (
    <div className="space-y-4">
      {error ? <FormMessage>{error}</FormMessage> : null}
      <Button className="w-full" disabled={pending} onClick={accept}>
        {pending ? "Joining…" : "Accept invitation"}
      </Button>
    </div>
  );
}
