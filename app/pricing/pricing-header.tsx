import Link from "next/link";
import { Brand } from "@/components/shell/brand";
import { buttonClasses } from "@/components/ui/button";

/**
 * The Pricing page's own top bar (it is public): the mark, and the way into the app, back to it
 * for someone signed in, sign in or create an account for everyone else.
 */
export function PricingHeader({ isSignedIn }: { isSignedIn: boolean }) {
  return (
    <header className="border-b border-slate-200 bg-white/90 backdrop-blur dark:border-slate-800 dark:bg-slate-900/90">
      <div className="mx-auto flex h-14 max-w-6xl items-center justify-between gap-3 px-4 sm:px-6 lg:px-8">
        <Brand />
        <nav aria-label="Account" className="flex items-center gap-2">
          {isSignedIn ? (
            <Link href="/" className={buttonClasses("secondary")}>
              Back to the app
            </Link>
          ) : (
            <>
              <Link href="/sign-in" className={buttonClasses("ghost")}>
                Sign in
              </Link>
              <Link href="/sign-up" className={buttonClasses("primary")}>
                Start free
              </Link>
            </>
          )}
        </nav>
      </div>
    </header>
  );
}
