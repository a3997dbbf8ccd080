import type { AuditEventRow } from "@/db/queries/audit";
import { formatTimestamp } from "@/lib/format";
import { cn } from "@/components/ui/cn";
import { Table, TableBody, TableHead, Th } from "@/components/ui/table";
import { describeAuditEvent, type AuditChange } from "./describe";

type Props = {
  /** Id of the heading that names the table. */
  labelledBy: string;
  events: AuditEventRow[];
  timeZone: string;
  timeZoneName: string;
};

// Cells start at the top: the "what" column can run to several lines.
const CELL = "px-6 py-3 align-top";

function Actor({ actor }: { actor: AuditEventRow["actor"] }) {
  if (!actor) return <span className="text-slate-600 italic dark:text-slate-400">Deleted user</span>;
  return (
    <>
      <span className="font-medium text-slate-900 dark:text-white">{actor.name || actor.email}</span>
      {actor.name ? (
        <span className="block text-xs text-slate-600 dark:text-slate-400">{actor.email}</span>
      ) : null}
    </>
  );
}

function Change({ change }: { change: AuditChange }) {
  return (
    <li className="flex flex-wrap items-baseline gap-x-1.5">
      <span className="text-slate-600 dark:text-slate-400">{change.label}</span>
      {change.before !== null ? (
        <span
          className={
            change.after === null
              ? "text-slate-500 line-through dark:text-slate-400"
              : "rounded bg-slate-100 px-1 text-slate-700 tabular-nums dark:bg-slate-800 dark:text-slate-300"
          }
        >
          {change.after === null ? <span className="sr-only">was </span> : null}
          {change.before}
        </span>
      ) : null}
      {change.before !== null && change.after !== null ? (
        <>
          <span aria-hidden="true" className="text-slate-400 dark:text-slate-500">
            →
          </span>
          <span className="sr-only">changed to</span>
        </>
      ) : null}
      {change.after !== null ? (
        <span className="rounded bg-indigo-50 px-1 font-medium text-indigo-800 tabular-nums dark:bg-indigo-500/15 dark:text-indigo-200">
          {change.after}
        </span>
      ) : null}
    </li>
  );
}

/** Recorded changes, newest first: when, who, and what changed from what to what. */
export function AuditLogTable({ labelledBy, events, timeZone, timeZoneName }: Props) {
  return (
    <Table aria-labelledby={labelledBy}>
      <TableHead>
        <tr>
          <Th className="hidden md:table-cell">
            When <span className="font-normal normal-case">({timeZoneName})</span>
          </Th>
          <Th className="hidden md:table-cell">Who</Th>
          <Th>What</Th>
        </tr>
      </TableHead>
      <TableBody>
        {events.map((event) => {
          const { sentence, changes } = describeAuditEvent(event, timeZone);
          const time = formatTimestamp(event.createdAt, timeZone);
          return (
            <tr key={event.id} data-testid="audit-event" data-action={event.action}>
              <td
                className={cn(
                  CELL,
                  "hidden whitespace-nowrap text-slate-600 tabular-nums md:table-cell dark:text-slate-400",
                )}
              >
                <time dateTime={event.createdAt}>{time}</time>
              </td>
              <td className={cn(CELL, "hidden whitespace-nowrap md:table-cell")}>
                <Actor actor={event.actor} />
              </td>
              <td className={cn(CELL, "min-w-64")}>
                <p className="font-medium text-slate-900 dark:text-white" data-testid="audit-sentence">
                  {sentence}
                </p>
                {changes.length > 0 ? (
                  <ul className="mt-1 space-y-0.5 text-xs">
                    {changes.map((change) => (
                      <Change key={change.field} change={change} />
                    ))}
                  </ul>
                ) : null}
                {/* On narrow screens who and when fold in under the sentence. */}
                <p className="mt-1.5 text-xs text-slate-600 md:hidden dark:text-slate-400">
                  {event.actor ? event.actor.name || event.actor.email : "Deleted user"} ·{" "}
                  <time dateTime={event.createdAt}>{time}</time>
                </p>
              </td>
            </tr>
          );
        })}
      </TableBody>
    </Table>
  );
}
