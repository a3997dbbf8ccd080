// The audit log's filters and page live in the URL, so a filtered view can be shared or bookmarked.
// Anything malformed is ignored rather than trusted: the query only ever sees checked values.
import { TZDate } from "@date-fns/tz";
import { z } from "zod";
import type { AuditAction } from "@/db/schema";
import type { AuditFilter } from "@/db/queries/audit";
import { isAuditAction } from "./describe";
import { saneDay } from "@/lib/validation/dates";

export type RawSearchParams = Record<string, string | string[] | undefined>;

export type AuditSearch = {
  action: AuditAction | null;
  actor: string | null;
  /** A calendar day, YYYY-MM-DD, in the workspace's time zone. */
  from: string | null;
  to: string | null;
  cursor: number | null;
};

const DAY_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

function first(value: string | string[] | undefined): string | null {
  const one = Array.isArray(value) ? value[0] : value;
  return one && one.length > 0 ? one : null;
}

function parseDay(value: string | null): { year: number; month: number; day: number } | null {
  // Real days between 2000 and 2100 only: year 0000 or 10000 never reaches the query.
  if (!saneDay.safeParse(value).success) return null;
  const match = value ? DAY_PATTERN.exec(value) : null;
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  // Reject days that do not exist (2026-02-30) instead of letting Date roll them over.
  const probe = new Date(Date.UTC(year, month - 1, day));
  if (probe.getUTCFullYear() !== year || probe.getUTCMonth() !== month - 1 || probe.getUTCDate() !== day) {
    return null;
  }
  return { year, month, day };
}

export function parseAuditSearch(raw: RawSearchParams): AuditSearch {
  const action = first(raw.action);
  const actor = first(raw.actor);
  const from = first(raw.from);
  const to = first(raw.to);
  const cursor = Number(first(raw.cursor));
  return {
    action: action && isAuditAction(action) ? action : null,
    actor: actor && z.uuid().safeParse(actor).success ? actor : null,
    from: parseDay(from) ? from : null,
    to: parseDay(to) ? to : null,
    cursor: Number.isSafeInteger(cursor) && cursor > 0 ? cursor : null,
  };
}

/** The query's filter: the day range runs from the start of `from` to the end of `to`, in `timeZone`. */
export function toAuditFilter(search: AuditSearch, timeZone: string): AuditFilter {
  const from = parseDay(search.from);
  const to = parseDay(search.to);
  return {
    actions: search.action ? [search.action] : undefined,
    actorUserId: search.actor ?? undefined,
    from: from ? new Date(TZDate.tz(timeZone, from.year, from.month - 1, from.day).getTime()) : undefined,
    to: to ? new Date(TZDate.tz(timeZone, to.year, to.month - 1, to.day + 1).getTime()) : undefined,
  };
}

export function hasFilters(search: AuditSearch): boolean {
  return Boolean(search.action || search.actor || search.from || search.to);
}

/** The audit log's URL with these filters (and page). */
export function auditLogHref(slug: string, search: Partial<AuditSearch>): string {
  const params = new URLSearchParams();
  if (search.action) params.set("action", search.action);
  if (search.actor) params.set("actor", search.actor);
  if (search.from) params.set("from", search.from);
  if (search.to) params.set("to", search.to);
  if (search.cursor) params.set("cursor", String(search.cursor));
  const query = params.toString();
  return `/w/${slug}/settings/audit-log${query ? `?${query}` : ""}`;
}
