import type { Metadata } from "next";
import { getDb } from "@/lib/db";
import { featureLabel } from "@/lib/analytics/labels";
import { getAutoTopUpStatus } from "@/lib/credits/auto-top-up-status";
import { getCreditForecast } from "@/lib/analytics/credit-forecast";
import { pageOfMembers, parseMemberPage } from "@/lib/analytics/member-page";
import { localToday } from "@/lib/analytics/range";
import { loadAnalyticsReport } from "@/lib/analytics/report";
import { analyticsQuery, parseAnalyticsParams, type AnalyticsParams } from "@/lib/analytics/search-params";
import { requirePageAccess } from "@/lib/auth/page-access";
import { getClock } from "@/lib/clock";
import { formatTimeZoneName } from "@/lib/format";
import { getBalance } from "@/lib/ledger";
import { ForecastList } from "@/components/analytics/forecast-list";
import { MembersBreakdown } from "./members-breakdown";
import { ApiKeysBreakdown } from "./api-keys-breakdown";
import { RangeToolbar } from "@/components/analytics/range-toolbar";
import { UsageReport } from "@/components/analytics/usage-report";
import { ForbiddenNotice } from "@/components/shell/forbidden-notice";
import { buttonClasses } from "@/components/ui/button";
import { PageHeader } from "@/components/shell/page-header";
import { Card, CardBody, CardHeader } from "@/components/ui/card";

// Usage changes with every generation: never prerender.
export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Analytics" };

type Props = {
  params: Promise<{ slug: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export default async function AnalyticsPage({ params, searchParams }: Props) {
  const { slug } = await params;
  const basePath = `/w/${slug}/analytics`;
  const { allowed, access } = await requirePageAccess(slug, "analytics:view", basePath);
  if (!allowed) return <ForbiddenNotice slug={slug} title="Analytics" role={access.role} />;

  const { workspace } = access;
  const db = getDb();
  const clock = getClock();
  const now = clock.now();
  const today = localToday(now, workspace.timeZone);
  const rawQuery = await searchParams;
  const state = parseAnalyticsParams(rawQuery, today);
  const [report, balance, autoTopUp] = await Promise.all([
    loadAnalyticsReport(db, workspace.id, state),
    getBalance({ db, clock }, workspace.id),
    getAutoTopUpStatus({ db, now }, workspace),
  ]);
  const forecast = balance
    ? await getCreditForecast(db, workspace, balance, now, autoTopUp.isEnabled ? autoTopUp.credits : null)
    : null;
  const href = (changes: Partial<AnalyticsParams>) => {
    const query = analyticsQuery(state, changes);
    return query ? `${basePath}?${query}` : basePath;
  };
  const exportQuery = analyticsQuery(state);
  // The member table's page keeps the range, filters and sort (any change of those starts at page 1).
  const memberPageHref = (page: number) => {
    const query = new URLSearchParams(exportQuery);
    if (page > 1) query.set("page", String(page));
    const text = query.toString();
    return text ? `${basePath}?${text}` : basePath;
  };
  const isFiltered = Boolean(state.member || state.apiKey || state.model || state.feature);

  return (
    <div className="space-y-6">
      <PageHeader
        title="Analytics"
        description={`Where ${workspace.name}'s credits went: by model, feature, member and API key. Credits are net of refunds.`}
        actions={
          <a
            href={`/api/workspaces/${workspace.id}/analytics/export${exportQuery ? `?${exportQuery}` : ""}`}
            className={buttonClasses("secondary")}
            download
          >
            Export CSV
          </a>
        }
      />

      <RangeToolbar
        basePath={basePath}
        state={state}
        today={today}
        timeZoneName={formatTimeZoneName(workspace.timeZone, now)}
        filters={{
          members: report.members.map((m) => ({
            value: m.membershipId,
            label: m.isRemoved ? `${m.name} (removed)` : m.name,
          })),
          apiKeys: [
            { value: "none", label: "Made in the app" },
            ...report.apiKeys.map((k) => ({
              value: k.apiKeyId,
              label: k.isRevoked ? `${k.name} (revoked)` : k.name,
            })),
          ],
          models: report.dimensions.models.map((m) => ({ value: m, label: m })),
          features: report.dimensions.features.map((f) => ({ value: f, label: featureLabel(f) })),
        }}
      />

      <UsageReport
        breakdown={report.breakdown}
        range={state.range}
        stack={state.stack}
        stackHrefs={{ feature: href({ stack: "feature" }), model: href({ stack: "model" }) }}
        emptyHint={
          isFiltered
            ? "Nothing matches these filters in this period. Try another range or clear a filter."
            : "Generations made in the workspace will show up here with the credits they cost."
        }
      />

      <MembersBreakdown
        members={pageOfMembers(report.memberRows, parseMemberPage(rawQuery))}
        pageHref={memberPageHref}
        total={report.breakdown.totals.credits}
        sort={state.sort}
        dir={state.dir}
        sortHref={(sort, dir) => href({ sort, dir })}
        usageHref={(membershipId) => `/w/${slug}/usage?member=${membershipId}`}
      />

      <ApiKeysBreakdown
        rows={report.apiKeyRows}
        total={report.breakdown.totals.credits}
        filterHref={(apiKey) => href({ apiKey })}
      />

      {forecast ? (
        <Card aria-labelledby="forecast-heading">
          <CardHeader>
            <div>
              <h2 id="forecast-heading" className="text-base font-semibold text-slate-900 dark:text-white">
                Forecast
              </h2>
              <p className="text-sm text-slate-600 dark:text-slate-400">
                For the whole workspace at its recent burn rate, whatever the filters above.
              </p>
            </div>
          </CardHeader>
          <CardBody>
            <ForecastList forecast={forecast} timeZone={workspace.timeZone} />
          </CardBody>
        </Card>
      ) : null}
    </div>
  );
}
