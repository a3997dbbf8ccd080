import type { ReactNode } from "react";
import { Brand } from "@/components/shell/brand";

/** One narrow column, centred, with the product mark above: sign-in, sign-up, invitations. */
export function AuthShell({ children, wide = false }: { children: ReactNode; wide?: boolean }) {
  return (
    <div className="flex min-h-dvh flex-col items-center px-4 py-12 sm:justify-center sm:py-16">
      <Brand className="mb-8 text-lg" />
      <main className={wide ? "w-full max-w-md" : "w-full max-w-sm"}>{children}</main>
    </div>
  );
}
