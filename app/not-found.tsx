import type { Metadata } from "next";
import Link from "next/link";
import { AuthShell } from "@/components/auth/auth-shell";
import { buttonClasses } from "@/components/ui/button";

export const metadata: Metadata = { title: "Not found" };

/** No such page, or a workspace the visitor is not a member of (the two look the same on purpose). */
export default function NotFound() {
  return (
    <AuthShell wide>
      <div className="text-center">
        <p className="text-sm font-medium text-indigo-600 dark:text-indigo-400">404</p>
        <h1 className="mt-2 text-2xl font-semibold tracking-tight text-slate-900 dark:text-white">
          Page not found
        </h1>
        <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">
          This page doesn&apos;t exist, or it belongs to a workspace you are not a member of.
        </p>
        <Link href="/" className={buttonClasses("primary", "mt-6")}>
          Go to your workspaces
        </Link>
      </div>
    </AuthShell>
  );
}
