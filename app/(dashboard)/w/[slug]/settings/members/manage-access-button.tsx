"use client";

import { usePathname, useRouter } from "next/navigation";
import { useTransition } from "react";
import { Button } from "@/components/ui/button";
import { requestAccessTableFocus } from "./focus-request";

/** Opens (or closes) the members table; the open state lives in the URL (?view=access). */
export function ManageAccessButton({ isOpen, controls }: { isOpen: boolean; controls: string }) {
  const router = useRouter();
  const pathname = usePathname();
  const [isPending, startTransition] = useTransition();

  return (
    <Button
      variant="secondary"
      aria-expanded={isOpen}
      aria-controls={isOpen ? controls : undefined}
      aria-busy={isPending || undefined}
      className={isOpen ? "bg-slate-100 dark:bg-slate-700" : undefined}
      onClick={() => {
        if (!isOpen) requestAccessTableFocus();
        startTransition(() => router.push(isOpen ? pathname : `${pathname}?view=access`, { scroll: false }));
      }}
    >
      <svg aria-hidden="true" viewBox="0 0 20 20" fill="currentColor" className="size-4 text-slate-500">
        <path d="M7 8a3 3 0 1 0 0-6 3 3 0 0 0 0 6ZM14.5 9a2.5 2.5 0 1 0 0-5 2.5 2.5 0 0 0 0 5ZM1.615 16.428a1.224 1.224 0 0 1-.569-1.175 6.002 6.002 0 0 1 11.908 0c.058.467-.172.92-.57 1.174A9.953 9.953 0 0 1 7 18a9.953 9.953 0 0 1-5.385-1.572ZM14.5 16h-.106c.07-.297.088-.611.048-.933a7.47 7.47 0 0 0-1.588-3.755 4.502 4.502 0 0 1 5.874 2.636.818.818 0 0 1-.36.98A7.465 7.465 0 0 1 14.5 16Z" />
      </svg>
      Manage Access
    </Button>
  );
}
