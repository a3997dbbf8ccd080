import type { DeliveryAttempt, NotificationDelivery } from "@/db/schema/index";
import { formatDateTime } from "@/lib/format";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { Table, TableBody, TableHead, Td, Th } from "@/components/ui/table";

export type WebhookLogRow = NotificationDelivery & { attemptLog: DeliveryAttempt[] };

const STATUS: Record<NotificationDelivery["status"], { label: string; tone: BadgeTone }> = {
  sent: { label: "Delivered", tone: "success" },
  pending: { label: "Retrying", tone: "warning" },
  failed: { label: "Failed", tone: "neutral" },
  cancelled: { label: "Cancelled", tone: "neutral" },
};

function statusOf(row: WebhookLogRow) {
  if (row.status === "pending" && row.attempts === 0) return { label: "Queued", tone: "accent" as const };
  return STATUS[row.status];
}

function outcome(attempt: DeliveryAttempt): string {
  if (attempt.statusCode !== null) return `HTTP ${attempt.statusCode}`;
  return attempt.error ?? (attempt.succeeded ? "Sent" : "Failed");
}

/** The webhook delivery log: each event, its state, and every attempt (status code or error, time taken). */
export function WebhookLog({
  rows,
  timeZone,
  labelledBy,
}: {
  rows: WebhookLogRow[];
  timeZone: string;
  labelledBy: string;
}) {
  return (
    <Table aria-labelledby={labelledBy}>
      <TableHead>
        <tr>
          <Th>Event</Th>
          <Th>Status</Th>
          <Th>Attempts</Th>
          <Th>Created</Th>
        </tr>
      </TableHead>
      <TableBody>
        {rows.map((row) => {
          const status = statusOf(row);
          const last = row.attemptLog[0];
          const eventId =
            typeof (row.payload as { id?: unknown }).id === "string"
              ? (row.payload as { id: string }).id
              : row.id;
          return (
            <tr key={row.id} data-testid="webhook-delivery" className="align-top">
              <Td className="align-top">
                <p className="font-mono text-xs text-slate-900 dark:text-white">{row.eventType}</p>
                <p className="mt-0.5 font-mono text-[0.6875rem] text-slate-500 dark:text-slate-400">
                  {eventId}
                </p>
              </Td>
              <Td className="align-top">
                <Badge tone={status.tone}>{status.label}</Badge>
                {row.status === "pending" && row.attempts > 0 ? (
                  <p className="mt-1 text-xs text-slate-600 dark:text-slate-400">
                    Next try {formatDateTime(row.nextAttemptAt.toISOString(), timeZone)}
                  </p>
                ) : null}
              </Td>
              <Td className="max-w-80 min-w-56 align-top whitespace-normal">
                {!last ? (
                  <span className="text-slate-500 dark:text-slate-400">Not tried yet</span>
                ) : (
                  <details className="group">
                    <summary className="cursor-pointer rounded-sm text-slate-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 dark:text-slate-300">
                      {row.attempts} · last: {outcome(last)}
                    </summary>
                    <ol className="mt-2 space-y-1 text-xs text-slate-600 tabular-nums dark:text-slate-400">
                      {row.attemptLog.map((attempt) => (
                        <li key={attempt.id} data-testid="webhook-attempt">
                          #{attempt.attempt} · {formatDateTime(attempt.attemptedAt.toISOString(), timeZone)} ·{" "}
                          <span
                            className={
                              attempt.succeeded
                                ? "text-emerald-700 dark:text-emerald-400"
                                : "text-red-700 dark:text-red-400"
                            }
                          >
                            {outcome(attempt)}
                          </span>{" "}
                          · {attempt.durationMs} ms
                        </li>
                      ))}
                    </ol>
                  </details>
                )}
              </Td>
              <Td className="align-top text-slate-600 dark:text-slate-400">
                {formatDateTime(row.createdAt.toISOString(), timeZone)}
              </Td>
            </tr>
          );
        })}
      </TableBody>
    </Table>
  );
}
