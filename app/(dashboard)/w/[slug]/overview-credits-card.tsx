import type { Workspace, MemberRole } from "@/db/schema/index";
import type { Balance, Transaction } from "@/lib/ledger/index";
import { getPlan } from "@/lib/billing/plans";
import { formatTimeZoneName } from "@/lib/format";
import { Badge } from "@/components/ui/badge";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { Stat } from "@/components/ui/stat";
import { BalanceBreakdown } from "@/components/credits/balance-breakdown";
import { BalanceFigures, BalanceInUsd, Credits } from "@/components/credits/credit-figures";
import { RecentTransactionsSection } from "@/components/credits/recent-transactions";
import { ROLE_LABELS } from "@/components/credits/labels";

type Props = {
  workspace: Workspace;
  role: MemberRole;
  balance: Balance | null;
  transactions: Transaction[];
  /** The instant the page was rendered (from the clock), for time zone names. */
  now: Date;
};

/**
 * The Credits card on a workspace's Overview: balance, its breakdown, lifetime totals and Recent
 * Transactions, as rendered on the server. Settings → Billing has the live one, with buying and auto
 * top-up, in BillingCreditsCard (settings/billing/billing-credits-card.tsx); the two are to become one.
 */
export function OverviewCreditsCard({ workspace, role, balance, transactions, now }: Props) {
  const headingId = `workspace-${workspace.slug}`;
  const transactionsId = `${headingId}-transactions`;
  const plan = getPlan(workspace.plan);
  const isLowBalance = balance !== null && balance.total <= workspace.lowBalanceThreshold;

  return (
    <Card aria-labelledby={headingId}>
      <CardHeader>
        <div className="min-w-0">
          <h2 id={headingId} className="truncate text-lg font-semibold text-slate-900 dark:text-white">
            {workspace.name}
          </h2>
          <p className="text-sm text-slate-600 dark:text-slate-400">/{workspace.slug}</p>
        </div>
        <div className="flex items-center gap-2">
          <Badge tone="accent">{plan.name} plan</Badge>
          <Badge>{ROLE_LABELS[role]}</Badge>
        </div>
      </CardHeader>

      <CardBody>
        <h3 className="text-sm font-semibold text-slate-900 dark:text-white">Credits</h3>
        {balance === null ? (
          <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">
            This workspace has no credit account yet.
          </p>
        ) : (
          <div className="mt-4 grid gap-8 lg:grid-cols-2">
            <div>
              <dl>
                <Stat
                  size="lg"
                  label={
                    <span className="flex items-center gap-2">
                      Current balance
                      {isLowBalance ? <Badge tone="warning">Low Balance</Badge> : null}
                    </span>
                  }
                  value={<Credits value={balance.total} />}
                  hint={
                    <>
                      credits available to spend
                      <BalanceInUsd credits={balance.total} />
                    </>
                  }
                  valueTestId="current-balance"
                />
              </dl>
              <BalanceFigures
                balance={balance}
                figures={["lifetimeAdded", "lifetimeSpent", "lifetimeExpired", "held"]}
                withHints
              />
            </div>
            <div className="lg:border-l lg:border-slate-200 lg:pl-8 dark:lg:border-slate-800">
              <BalanceBreakdown balance={balance} timeZone={workspace.timeZone} />
            </div>
          </div>
        )}
      </CardBody>

      <RecentTransactionsSection
        id={transactionsId}
        slug={workspace.slug}
        transactions={transactions}
        timeZone={workspace.timeZone}
        timeZoneName={formatTimeZoneName(workspace.timeZone, now)}
      />
    </Card>
  );
}
