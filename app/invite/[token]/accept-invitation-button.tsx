"use client";

import { useRouter } from "next/navigation";
import { toast } from "sonner";
import { acceptInvitationAction } from "@/lib/actions/invitations/accept-invitation";
import { Button } from "@/components/ui/button";
import { FormMessage } from "@/components/ui/form-message";
import { useActionForm } from "@/components/ui/run-action";

export function AcceptInvitationButton({ token, workspaceName }: { token: string; workspaceName: string }) {
  const router = useRouter();
  const { pending, message, run } = useActionForm();

  async function accept() {
    const result = await run(() => acceptInvitationAction({ token }), { keepPending: true });
    if (!result.ok) return;
    toast.success(`You joined ${workspaceName}.`);
    router.replace(`/w/${result.data.workspaceSlug}`);
    router.refresh();
  }

  return (
    <div className="space-y-4">
      {message ? <FormMessage>{message}</FormMessage> : null}
      <Button className="w-full" disabled={pending} onClick={accept}>
        {pending ? "Joining…" : "Accept invitation"}
      </Button>
    </div>
  );
}
