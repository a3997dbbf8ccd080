import Link from "next/link";
import type { UsageBreakdown } from "@/db/queries/analytics";
import { featureLabel } from "@/lib/analytics/labels";
import { daysBetween } from "@/lib/analytics/range";
import { stackDaily } from "@/lib/analytics/series";
import { formatCredits } from "@/lib/format";
import { BreakdownBarChart } from "@/components/charts/breakdown-bar-chart";
import { UsageOverTimeChart } from "@/components/charts/usage-over-time-chart";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { EmptyState } from "@/components/ui/empty-state";
import { Stat } from "@/components/ui/stat";
import { Credits } from "@/components/credits/credit-figures";
import { BreakdownTable } from "./breakdown-table";

type Props = {
  breakdown: UsageBreakdown;
  range: { from: string; to: string };
  stack: "feature" | "model";
  /** Links that switch the chart's stacking (the choice lives in the URL). */
  stackHrefs: { feature: string; model: string };
  /** Says whose usage it is in the empty state ("you", "the workspace"). */
  emptyHint: string;
};

const HEADING = "text-base font-semibold text-slate-900 dark:text-white";

/** Totals, credits over time, by model and by feature: the part Analytics and My usage share. */
export function UsageReport({ breakdown, range, stack, stackHrefs, emptyHint }: Props) {
  const { totals } = breakdown;
  const days = daysBetween(range.from, range.to);
  const isEmpty = totals.generations === 0;
  const daily = stack === "model" ? breakdown.dailyByModel : breakdown.dailyByFeature;
  const series = stackDaily(
    stack === "feature" ? daily.map((row) => ({ ...row, key: featureLabel(row.key) })) : daily,
    range.from,
    range.to,
  );
  const models = breakdown.byModel.map((g) => ({ id: g.key ?? "", name: g.key ?? "", ...g }));
  const features = breakdown.byFeature.map((g) => ({
    id: g.key ?? "",
    name: featureLabel(g.key ?? ""),
    ...g,
  }));

  return (
    <>
      <Card aria-labelledby="totals-heading">
        <CardBody>
          <h2 id="totals-heading" className="sr-only">
            Totals for the period
          </h2>
          <dl className="grid grid-cols-2 gap-x-6 gap-y-5 lg:grid-cols-4" data-testid="usage-totals">
            <Stat
              label="Credits used"
              value={<Credits value={totals.credits} />}
              valueTestId="total-credits"
            />
            <Stat
              label="Generations"
              value={formatCredits(totals.generations)}
              valueTestId="total-generations"
            />
            <Stat
              label="Average per day"
              value={<Credits value={Math.round(totals.credits / days)} />}
              hint={`over ${formatCredits(days)} ${days === 1 ? "day" : "days"}`}
              valueTestId="total-average"
            />
            <Stat
              label="Refunded"
              value={<Credits value={totals.refunded} />}
              hint="already taken off the credits used"
              valueTestId="total-refunded"
            />
          </dl>
        </CardBody>
      </Card>

      <Card aria-labelledby="over-time-heading">
        <CardHeader>
          <h2 id="over-time-heading" className={HEADING}>
            Credits over time
          </h2>
          <div
            role="group"
            aria-label="Stack by"
            className="flex gap-1 rounded-lg bg-slate-100 p-1 dark:bg-slate-800/70"
          >
            {(["feature", "model"] as const).map((key) => (
              <Link
                key={key}
                href={stackHrefs[key]}
                scroll={false}
                aria-current={stack === key ? "true" : undefined}
                className={cn(
                  "rounded-md px-2.5 py-1 text-sm font-medium focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600",
                  stack === key
                    ? "bg-white text-slate-900 shadow-sm dark:bg-slate-950 dark:text-white"
                    : "text-slate-600 hover:text-slate-900 dark:text-slate-400 dark:hover:text-white",
                )}
              >
                By {key}
              </Link>
            ))}
          </div>
        </CardHeader>
        <CardBody>
          {isEmpty ? (
            <EmptyState title="No credits used in this period">{emptyHint}</EmptyState>
          ) : (
            <UsageOverTimeChart
              series={series}
              label={`Credits per day by ${stack}, ${formatCredits(totals.credits)} credits in total`}
            />
          )}
        </CardBody>
      </Card>

      <div className="grid gap-6 xl:grid-cols-2">
        {(
          [
            ["model", "By model", models],
            ["feature", "By feature", features],
          ] as const
        ).map(([key, title, rows]) => (
          <Card key={key} aria-labelledby={`by-${key}-heading`}>
            <div className="px-6 pt-5 pb-4">
              <h2 id={`by-${key}-heading`} className={HEADING}>
                {title}
              </h2>
            </div>
            {rows.length === 0 ? (
              <div className="px-6 pb-6">
                <EmptyState title={`No ${key}s used in this period`} />
              </div>
            ) : (
              <>
                <div className="px-6 pb-4">
                  <BreakdownBarChart
                    bars={rows.map((row) => ({ name: row.name, credits: row.credits }))}
                    label={`Credits ${title.toLowerCase()}`}
                  />
                </div>
                <div className="px-6">
                  <BreakdownTable
                    rows={rows}
                    total={totals.credits}
                    label={`Usage ${title.toLowerCase()}`}
                    firstColumn={key === "model" ? "Model" : "Feature"}
                    testId={`by-${key}`}
                  />
                </div>
              </>
            )}
          </Card>
        ))}
      </div>
    </>
  );
}
