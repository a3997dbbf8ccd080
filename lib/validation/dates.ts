// Dates from outside (query strings, request bodies, filters) are held to a sane span, so every
// date that reaches the database is one PostgreSQL takes and every loop over days is short. Year
// 0000, year 10000 and UTC offsets beyond ±14:00 (PostgreSQL refuses ±16:00) never get past here.
import { z } from "zod";

/**
 * A time zone this runtime's Intl knows (IANA names such as Europe/Berlin). The one check for zones
 * from forms and from the environment; the database is asked too before a workspace saves one.
 */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return zone.length > 0;
  } catch {
    return false;
  }
}

/** The earliest and latest days a caller may name (inclusive). */
export const EARLIEST_DAY = "2000-01-01";
export const LATEST_DAY = "2100-12-31";
export const DATE_SPAN_MESSAGE = `Use a date between ${EARLIEST_DAY} and ${LATEST_DAY}`;

const EARLIEST_MS = Date.parse(`${EARLIEST_DAY}T00:00:00Z`);
const LATEST_MS = Date.parse(`${LATEST_DAY}T23:59:59.999Z`);
/** The widest UTC offset of any real time zone (Kiribati, +14:00; the Pacific's −12:00). */
const MAX_OFFSET_MINUTES = 14 * 60;

/** A calendar day, YYYY-MM-DD, that exists and lies within the sane span. */
export const saneDay = z.iso
  .date("Use a date as YYYY-MM-DD")
  .refine((day) => day >= EARLIEST_DAY && day <= LATEST_DAY, DATE_SPAN_MESSAGE);

function offsetMinutes(value: string): number {
  const match = /([+-])(\d{2}):?(\d{2})$/.exec(value);
  if (!match) return 0; // "Z"
  return Number(match[2]) * 60 + Number(match[3]);
}

/** An ISO 8601 instant with a UTC offset, within the sane span and a real zone's offset. */
export const saneInstant = z.iso
  .datetime({ offset: true, message: "Use an ISO 8601 time with its offset, e.g. 2026-03-01T00:00:00Z" })
  .refine((value) => offsetMinutes(value) <= MAX_OFFSET_MINUTES, "Use a UTC offset between -14:00 and +14:00")
  .refine((value) => {
    const ms = Date.parse(value);
    return Number.isFinite(ms) && ms >= EARLIEST_MS && ms <= LATEST_MS;
  }, DATE_SPAN_MESSAGE);
