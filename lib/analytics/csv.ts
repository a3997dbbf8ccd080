// The Analytics CSV: what the page shows for the same URL, one row per figure. Integer credits;
// text a spreadsheet would run as a formula is defused.
import { safeCsvText } from "@/lib/csv";
import { featureLabel } from "./labels";
import { formatShare } from "./share";
import type { AnalyticsParams } from "./search-params";
import type { AnalyticsReport } from "./report";

export const ANALYTICS_CSV_COLUMNS = [
  "section",
  "from",
  "to",
  "day",
  "model",
  "feature",
  "member",
  "member_email",
  "generations",
  "credits",
  "share",
];

type Cell = string | number;

export function analyticsCsvRows(report: AnalyticsReport, state: AnalyticsParams): Cell[][] {
  const { from, to } = state.range;
  const total = report.breakdown.totals.credits;
  const row = (
    section: string,
    fields: { day?: string; model?: string; feature?: string; member?: string; email?: string },
    generations: number,
    credits: number,
  ): Cell[] => [
    section,
    from,
    to,
    fields.day ?? "",
    safeCsvText(fields.model ?? ""),
    safeCsvText(fields.feature ?? ""),
    safeCsvText(fields.member ?? ""),
    safeCsvText(fields.email ?? ""),
    generations,
    credits,
    formatShare(credits, total),
  ];
  const filters = {
    model: state.model ?? "",
    feature: state.feature ? featureLabel(state.feature) : "",
    member: state.member ? (report.members.find((m) => m.membershipId === state.member)?.name ?? "") : "",
  };
  const rows: Cell[][] = [row("total", filters, report.breakdown.totals.generations, total)];
  const daily = state.stack === "model" ? report.breakdown.dailyByModel : report.breakdown.dailyByFeature;
  for (const d of [...daily].sort((a, b) => a.day.localeCompare(b.day) || a.key.localeCompare(b.key))) {
    rows.push(
      row(
        "day",
        state.stack === "model" ? { day: d.day, model: d.key } : { day: d.day, feature: featureLabel(d.key) },
        d.generations,
        d.credits,
      ),
    );
  }
  for (const g of report.breakdown.byModel)
    rows.push(row("model", { model: g.key ?? "" }, g.generations, g.credits));
  for (const g of report.breakdown.byFeature)
    rows.push(row("feature", { feature: featureLabel(g.key ?? "") }, g.generations, g.credits));
  for (const m of report.memberRows)
    rows.push(row("member", { member: m.name, email: m.email }, m.generations, m.credits));
  return rows;
}
