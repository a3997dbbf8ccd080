import { getDb } from "@/db";
import { listWorkspacesForUser } from "@/db/queries/workspaces";
import { getDemoSession } from "@/lib/auth/demo-session";
import { getClock } from "@/lib/clock";
import { getBalance, listTransactions } from "@/lib/ledger";
import { AppHeader } from "@/components/app-header";
import { WorkspaceCreditsCard } from "@/components/credits/workspace-credits-card";
import { EmptyState } from "@/components/ui/empty-state";

// Balances change with every generation: never prerender this page.
export const dynamic = "force-dynamic";

const RECENT_TRANSACTIONS = 5;

export default async function HomePage() {
  const session = await getDemoSession();
  const ctx = { db: getDb(), clock: getClock() };
  const now = ctx.clock.now();
  const workspaces = session
    ? await Promise.all(
        (await listWorkspacesForUser(ctx.db, session.user.id)).map(async (membership) => {
          const [balance, page] = await Promise.all([
            getBalance(ctx, membership.workspace.id),
            listTransactions(ctx.db, membership.workspace.id, { limit: RECENT_TRANSACTIONS }),
          ]);
          return { ...membership, balance, transactions: page.items };
        }),
      )
    : [];

  return (
    <>
      <AppHeader userName={session?.user.name ?? null} />
      <main className="mx-auto max-w-5xl px-4 py-10 sm:px-6">
        <div className="mb-8">
          <h1 className="text-2xl font-semibold tracking-tight text-slate-900 dark:text-white">Workspaces</h1>
          <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
            Credit balances and recent activity for every workspace you belong to.
          </p>
        </div>

        {session ? (
          <p className="mb-6 rounded-lg border border-amber-200 bg-amber-50 px-4 py-3 text-sm text-amber-900 dark:border-amber-500/30 dark:bg-amber-500/10 dark:text-amber-200">
            <strong className="font-semibold">Demo session.</strong> You are signed in automatically as{" "}
            {session.user.name}, the owner of the demo workspace. Real sign-in is not available yet.
          </p>
        ) : null}

        {!session ? (
          <EmptyState title="No demo user found">
            The database has no demo data. Start the app with <code className="font-mono">npm run demo</code>,
            which seeds it.
          </EmptyState>
        ) : workspaces.length === 0 ? (
          <EmptyState title="You are not a member of any workspace yet">
            When someone invites you to a workspace, its credits will appear here.
          </EmptyState>
        ) : (
          <div className="space-y-8">
            {workspaces.map(({ workspace, role, balance, transactions }) => (
              <WorkspaceCreditsCard
                key={workspace.id}
                workspace={workspace}
                role={role}
                balance={balance}
                transactions={transactions}
                now={now}
              />
            ))}
          </div>
        )}
      </main>
    </>
  );
}
