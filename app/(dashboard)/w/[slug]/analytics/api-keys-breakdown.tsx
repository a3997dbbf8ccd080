import type { AnalyticsReport } from "@/lib/analytics/report";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { BreakdownTable } from "@/components/analytics/breakdown-table";

type Props = {
  rows: AnalyticsReport["apiKeyRows"];
  total: number;
  /** The page filtered to one key ("none": usage made in the app). */
  filterHref: (apiKey: string) => string;
};

/** Credits, generations and share per API key (and what members made in the app), biggest first. */
export function ApiKeysBreakdown({ rows, total, filterHref }: Props) {
  return (
    <Card aria-labelledby="by-api-key-heading">
      <div className="flex flex-wrap items-baseline justify-between gap-2 px-6 pt-5 pb-4">
        <h2 id="by-api-key-heading" className="text-base font-semibold text-slate-900 dark:text-white">
          By API key
        </h2>
        <p className="text-sm text-slate-600 dark:text-slate-400">
          Which service spent the credits; select one to see only its usage
        </p>
      </div>
      {rows.length === 0 ? (
        <div className="px-6 pb-6">
          <EmptyState title="No credits were used in this period" />
        </div>
      ) : (
        <div className="px-6">
          <BreakdownTable
            rows={[...rows]
              .sort((a, b) => b.credits - a.credits || a.name.localeCompare(b.name))
              .map((row) => ({
                id: row.key ?? "none",
                name: row.isRevoked ? `${row.name} (revoked)` : row.name,
                detail: row.prefix ? `${row.prefix}…` : undefined,
                href: filterHref(row.key ?? "none"),
                generations: row.generations,
                credits: row.credits,
              }))}
            total={total}
            label="Usage by API key"
            firstColumn="API key"
            testId="by-api-key"
          />
        </div>
      )}
    </Card>
  );
}
