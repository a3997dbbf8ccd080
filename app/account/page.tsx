import type { Metadata } from "next";
import Link from "next/link";
import { requireUser } from "@/lib/auth/session";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { AppHeader } from "@/components/shell/app-header";
import { SignOutEverywhereButton } from "@/components/auth/sign-out-everywhere-dialog";
import { PageHeader } from "@/components/shell/page-header";
import { ChangePasswordForm } from "./change-password-form";

export const metadata: Metadata = { title: "Account" };
// Who is signed in is read on every request.
export const dynamic = "force-dynamic";

const HEADING = "text-base font-semibold text-slate-900 dark:text-white";
const NOTE = "text-sm text-slate-600 dark:text-slate-400";

/** The signed-in person's own account: who they are, their password, and where they are signed in. */
export default async function AccountPage() {
  const user = await requireUser("/account");

  return (
    <>
      <AppHeader user={{ name: user.name, email: user.email }} />
      <main id="main" className="mx-auto max-w-2xl px-4 py-8 sm:px-6 sm:py-12">
        <Link
          href="/"
          className="text-sm font-medium text-indigo-700 hover:text-indigo-600 dark:text-indigo-400 dark:hover:text-indigo-300"
        >
          ← Back to your workspace
        </Link>
        <div className="mt-4">
          <PageHeader
            title="Account"
            description="Your sign-in details, for every workspace you belong to."
          />
        </div>
        <div className="space-y-8">
          <Card aria-labelledby="account-profile">
            <CardHeader>
              <h2 id="account-profile" className={HEADING}>
                Profile
              </h2>
            </CardHeader>
            <CardBody className="py-2">
              <dl className="divide-y divide-slate-100 dark:divide-slate-800">
                <div className="grid gap-1 py-3 sm:grid-cols-3 sm:gap-4">
                  <dt className="text-sm font-medium text-slate-600 dark:text-slate-400">Name</dt>
                  <dd className="text-sm text-slate-900 sm:col-span-2 dark:text-white">{user.name}</dd>
                </div>
                <div className="grid gap-1 py-3 sm:grid-cols-3 sm:gap-4">
                  <dt className="text-sm font-medium text-slate-600 dark:text-slate-400">Email</dt>
                  <dd className="text-sm break-all text-slate-900 sm:col-span-2 dark:text-white">
                    {user.email}
                  </dd>
                </div>
              </dl>
            </CardBody>
          </Card>

          <Card aria-labelledby="account-password">
            <CardHeader>
              <div>
                <h2 id="account-password" className={HEADING}>
                  Change password
                </h2>
                <p className={NOTE}>
                  Your other devices are signed out when it changes; this one stays signed in.
                </p>
              </div>
            </CardHeader>
            <CardBody>
              {user.passwordHash ? (
                <ChangePasswordForm email={user.email} />
              ) : (
                <p className={NOTE}>
                  You sign in with GitHub, Google or an email link, so your account has no password to change.
                </p>
              )}
            </CardBody>
          </Card>

          <Card aria-labelledby="account-sessions">
            <CardHeader>
              <div>
                <h2 id="account-sessions" className={HEADING}>
                  Signed-in devices
                </h2>
                <p className={NOTE}>
                  Lost a phone, or signed in on a shared computer? Signing out of all devices ends every
                  session of your account at once, this one included.
                </p>
              </div>
            </CardHeader>
            <CardBody>
              <SignOutEverywhereButton />
            </CardBody>
          </Card>
        </div>
      </main>
    </>
  );
}
