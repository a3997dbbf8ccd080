import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getDb } from "@/lib/db";
import { listWorkspacesForUser } from "@/db/queries/workspaces";
import { getCurrentUser } from "@/lib/auth/session";
import { AppHeader } from "@/components/shell/app-header";
import { FirstWorkspaceForm } from "./first-workspace-form";

export const metadata: Metadata = { title: "Create a workspace" };
// Who is signed in, and where they belong, is read on every request.
export const dynamic = "force-dynamic";

/** The front door: sign in, go to your (first) workspace, or create one if you have none. */
export default async function HomePage() {
  const user = await getCurrentUser();
  if (!user) redirect("/sign-in");
  const [first] = await listWorkspacesForUser(getDb(), user.id);
  if (first) redirect(`/w/${first.workspace.slug}`);

  return (
    <>
      <AppHeader user={{ name: user.name, email: user.email }} />
      <main id="main" className="mx-auto max-w-md px-4 py-12 sm:py-20">
        <h1 className="text-2xl font-semibold tracking-tight text-slate-900 dark:text-white">
          Create a workspace
        </h1>
        <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">
          You are not a member of any workspace. Create one to get started on the Free plan, or ask a teammate
          to invite you to theirs.
        </p>
        <div className="mt-8 rounded-xl border border-slate-200 bg-white p-6 shadow-sm shadow-slate-900/5 dark:border-slate-800 dark:bg-slate-900 dark:shadow-none">
          <FirstWorkspaceForm />
        </div>
      </main>
    </>
  );
}
