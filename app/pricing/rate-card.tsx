import { formatCredits } from "@/lib/format";
import { Badge } from "@/components/ui/badge";
import { Card, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, TableBody, TableHead, Td, Th } from "@/components/ui/table";
import { describeSettings, featureLabel, groupRatesByFeature, type PricingRate } from "./rates";

/** The Pro marker on a model: it needs an active subscription. */
export function ProBadge() {
  return (
    <Badge tone="accent" title="Needs an active subscription">
      Pro
    </Badge>
  );
}

/** What each generation costs, by tool, model and settings (the rate card the ledger charges from). */
export function RateCard({ rates }: { rates: readonly PricingRate[] }) {
  const groups = groupRatesByFeature(rates);
  if (groups.length === 0) {
    return (
      <EmptyState title="No rates are set up yet">Prices appear here once the rate card has rows.</EmptyState>
    );
  }
  return (
    <div className="grid items-start gap-6 lg:grid-cols-2">
      {groups.map((group) => {
        const headingId = `rates-${group.feature}`;
        return (
          <Card key={group.feature} aria-labelledby={headingId} data-testid={`rate-group-${group.feature}`}>
            <CardHeader className="py-3.5">
              <h3 id={headingId} className="text-base font-semibold text-slate-900 dark:text-white">
                {featureLabel(group.feature)}
              </h3>
            </CardHeader>
            <div className="px-6">
              <Table aria-labelledby={headingId}>
                <TableHead className="border-t-0">
                  <tr>
                    <Th className="pr-3">Model</Th>
                    <Th className="px-3">Settings</Th>
                    <Th className="pl-3 text-right whitespace-normal">Credits per result</Th>
                  </tr>
                </TableHead>
                <TableBody>
                  {group.rates.map((rate) => (
                    <tr key={rate.id} data-testid="rate-row">
                      <Th scope="row" className="pr-3">
                        <span className="flex items-center gap-2 whitespace-nowrap">
                          <span className="font-mono text-[13px] text-slate-900 dark:text-white">
                            {rate.model}
                          </span>
                          {rate.isPro ? <ProBadge /> : null}
                        </span>
                      </Th>
                      <Td className="px-3 whitespace-normal text-slate-700 dark:text-slate-300">
                        {describeSettings(rate.settings)}
                      </Td>
                      <Td className="pl-3 text-right font-medium text-slate-900 tabular-nums dark:text-white">
                        {formatCredits(rate.creditsPerResult)}
                      </Td>
                    </tr>
                  ))}
                </TableBody>
              </Table>
            </div>
          </Card>
        );
      })}
    </div>
  );
}
