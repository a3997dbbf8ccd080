import type { ReactNode } from "react";
import type { BillingInterval } from "@/db/schema/workspaces";
import { FREE_DAILY_CREDITS, PLANS, type Plan } from "@/lib/billing/plans";
import { formatCredits } from "@/lib/format";
import {
  INTERVALS,
  INTERVAL_LABELS,
  describeTermPrice,
  discountPercent,
  formatPrice,
} from "@/components/plans/plan-format";
import { Card } from "@/components/ui/card";
import { Table, TableBody, TableHead, Td, Th } from "@/components/ui/table";

const ALL_PLANS: readonly Plan[] = Object.values(PLANS).sort((a, b) => a.monthlyCredits - b.monthlyCredits);

function Yes({ children = "Included" }: { children?: ReactNode }) {
  return (
    <span className="inline-flex items-center gap-1.5 text-slate-900 dark:text-white">
      <svg
        aria-hidden="true"
        viewBox="0 0 20 20"
        fill="currentColor"
        className="size-4 text-emerald-600 dark:text-emerald-400"
      >
        <path
          fillRule="evenodd"
          d="M16.7 5.3a1 1 0 0 1 0 1.4l-8 8a1 1 0 0 1-1.4 0l-4-4a1 1 0 1 1 1.4-1.4L8 12.58l7.3-7.29a1 1 0 0 1 1.4 0Z"
          clipRule="evenodd"
        />
      </svg>
      {children}
    </span>
  );
}

function No({ children = "Not included" }: { children?: ReactNode }) {
  return <span className="text-slate-500 dark:text-slate-400">{children}</span>;
}

function Price({ plan, interval }: { plan: Plan; interval: BillingInterval }) {
  if (plan.monthlyPriceCents[interval] === 0) return <span className="font-medium">$0</span>;
  const discount = discountPercent(plan, interval);
  return (
    <span>
      <span className="font-semibold text-slate-900 tabular-nums dark:text-white">
        {formatPrice(plan.monthlyPriceCents[interval])}
      </span>
      <span className="text-slate-600 dark:text-slate-400"> / month</span>
      {interval === "month" ? null : (
        <span className="block text-xs text-slate-600 dark:text-slate-400">
          {describeTermPrice(plan, interval)}
          {discount > 0 ? (
            <span className="font-medium text-emerald-700 dark:text-emerald-400"> · save {discount}%</span>
          ) : null}
        </span>
      )}
    </span>
  );
}

/** Every plan side by side: prices per billing period, credits, seats and what each allows. */
export function PlansTable() {
  const rows: { label: string; cell: (plan: Plan) => ReactNode }[] = [
    ...INTERVALS.map((interval) => ({
      label: `${INTERVAL_LABELS[interval]} billing`,
      cell: (plan: Plan) => <Price plan={plan} interval={interval} />,
    })),
    {
      label: "Credits",
      cell: (plan) =>
        plan.monthlyCredits > 0 ? (
          <span>
            <span className="font-medium text-slate-900 tabular-nums dark:text-white">
              {formatCredits(plan.monthlyCredits)}
            </span>{" "}
            every month
            <span className="block text-xs text-slate-600 dark:text-slate-400">no rollover</span>
          </span>
        ) : (
          <span>
            <span className="font-medium text-slate-900 tabular-nums dark:text-white">
              {formatCredits(FREE_DAILY_CREDITS)}
            </span>{" "}
            every day
            <span className="block text-xs text-slate-600 dark:text-slate-400">expire at midnight</span>
          </span>
        ),
    },
    { label: "Seats", cell: (plan) => <span className="tabular-nums">{plan.seats}</span> },
    { label: "Pro models", cell: (plan) => (plan.allowsProModels ? <Yes /> : <No />) },
    {
      label: "Top-up credits",
      cell: (plan) =>
        !plan.allowsTopUpPurchases ? (
          <No />
        ) : plan.monthlyCredits === 0 && !plan.topUpsWithoutSubscription ? (
          <No>Need a subscription</No>
        ) : (
          <Yes>Never expire</Yes>
        ),
    },
    { label: "Auto top-up", cell: (plan) => (plan.allowsAutoTopUp ? <Yes /> : <No />) },
  ];

  return (
    <Card>
      <div className="px-6">
        <Table>
          <caption id="plans-table-caption" className="sr-only">
            Plans compared
          </caption>
          <TableHead className="border-t-0">
            <tr>
              <Th className="sticky left-0 z-10 bg-slate-50 dark:bg-slate-900">
                <span className="sr-only">Feature</span>
              </Th>
              {ALL_PLANS.map((plan) => (
                <Th
                  key={plan.id}
                  className="text-sm normal-case tracking-normal text-slate-900 dark:text-white"
                >
                  {plan.name}
                </Th>
              ))}
            </tr>
          </TableHead>
          <TableBody>
            {rows.map((row) => (
              <tr key={row.label}>
                <Th
                  scope="row"
                  className="sticky left-0 z-10 min-w-28 bg-white font-medium text-slate-700 dark:bg-slate-900 dark:text-slate-300"
                >
                  {row.label}
                </Th>
                {ALL_PLANS.map((plan) => (
                  <Td key={plan.id} className="align-top text-slate-700 dark:text-slate-300">
                    {row.cell(plan)}
                  </Td>
                ))}
              </tr>
            ))}
          </TableBody>
        </Table>
      </div>
    </Card>
  );
}
