import type { GenerationRow } from "@/db/queries/usage";
import { formatCredits, formatDateTime } from "@/lib/format";
import { Badge } from "@/components/ui/badge";
import { Table, TableBody, TableHead, Td, Th } from "@/components/ui/table";

type Props = {
  /** Id of the heading that names the table. */
  labelledBy: string;
  generations: GenerationRow[];
  timeZone: string;
  timeZoneName: string;
};

/** "image" -> "Image", "text-to-speech" -> "Text to speech". */
export function featureLabel(feature: string): string {
  const words = feature.replace(/[-_]+/g, " ").trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function settingsLabel(settings: Record<string, string>): string | null {
  const entries = Object.entries(settings);
  if (entries.length === 0) return null;
  return entries
    .map(([key, value]) => {
      if (key === "quality") return value.toUpperCase();
      if (key === "duration") return `${value} s`;
      return `${key} ${value}`;
    })
    .join(" · ");
}

/** One member's generations: when, what, with which model, how many results and what they cost. */
export function GenerationsTable({ labelledBy, generations, timeZone, timeZoneName }: Props) {
  return (
    <Table aria-labelledby={labelledBy}>
      <TableHead>
        <tr>
          <Th className="hidden sm:table-cell">
            Time <span className="font-normal normal-case">({timeZoneName})</span>
          </Th>
          <Th>Feature</Th>
          <Th className="hidden sm:table-cell">Model</Th>
          <Th className="hidden text-right sm:table-cell">Results</Th>
          <Th className="text-right">Credits</Th>
        </tr>
      </TableHead>
      <TableBody>
        {generations.map((generation) => {
          const settings = settingsLabel(generation.settings);
          const charged = generation.credits - generation.creditsRefunded;
          const time = formatDateTime(generation.createdAt, timeZone);
          return (
            <tr key={generation.id} data-testid="generation-row">
              <Td className="hidden text-slate-600 tabular-nums sm:table-cell dark:text-slate-400">
                <time dateTime={generation.createdAt}>{time}</time>
              </Td>
              <Td>
                <span className="font-medium text-slate-900 dark:text-white">
                  {featureLabel(generation.feature)}
                </span>
                {settings ? (
                  <span className="ml-1.5 text-xs text-slate-600 dark:text-slate-400">{settings}</span>
                ) : null}
                {/* On narrow screens the time, model and result count fold in here. */}
                <span className="block text-xs text-slate-600 sm:hidden dark:text-slate-400">
                  <time dateTime={generation.createdAt}>{time}</time>
                  <br />
                  {generation.model} · {generation.results} {generation.results === 1 ? "result" : "results"}
                </span>
              </Td>
              <Td className="hidden font-mono text-xs text-slate-700 sm:table-cell dark:text-slate-300">
                {generation.model}
              </Td>
              <Td className="hidden text-right text-slate-700 tabular-nums sm:table-cell dark:text-slate-300">
                {generation.results}
              </Td>
              <Td className="text-right tabular-nums">
                <span className="font-medium text-slate-900 dark:text-white" data-testid="generation-credits">
                  {formatCredits(charged)}
                </span>
                {generation.status !== "charged" ? (
                  <span className="mt-0.5 flex justify-end">
                    <Badge tone="success">
                      {generation.status === "refunded"
                        ? "Refunded"
                        : `${formatCredits(generation.creditsRefunded)} refunded`}
                    </Badge>
                  </span>
                ) : null}
              </Td>
            </tr>
          );
        })}
      </TableBody>
    </Table>
  );
}
