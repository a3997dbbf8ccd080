// The Analytics member table shows a page of its rows (?page=, 25 a page), so a 500-member workspace's
// page is not 500 rows of server render. The page number is its own parameter, outside
// AnalyticsParams: a new range, filter or sort (a new AnalyticsParams URL) starts again at page 1,
// and the CSV export, which reads AnalyticsParams, always has every member.
import { z } from "zod";

export const MEMBER_PAGE_SIZE = 25;

/** 25,000 member rows: far more than any workspace has had (a plan's seats go to 50). */
export const MAX_MEMBER_PAGE = 1_000;

// Digits only (no "1e3", "0x10", " 2", "-1", "2.5"), within the bounds; anything else reads as page 1.
const memberPageSchema = z
  .string()
  .regex(/^\d{1,4}$/)
  .transform(Number)
  .pipe(z.number().int().min(1).max(MAX_MEMBER_PAGE))
  .catch(1);

/** The member table's page from the URL (the first value if repeated); malformed is page 1. */
export function parseMemberPage(raw: Record<string, string | string[] | undefined>): number {
  const value = Array.isArray(raw.page) ? raw.page[0] : raw.page;
  return memberPageSchema.parse(value);
}

export type MemberPage<T> = {
  rows: T[];
  /** The page shown: the one asked for, or the last one when it asked past the end. */
  page: number;
  pageCount: number;
  /** 1-based positions of the first and last row shown (0 and 0 when there are none). */
  first: number;
  last: number;
  total: number;
};

/** One page of the rows, already in the table's order. A page past the end shows the last page. */
export function pageOfMembers<T>(rows: readonly T[], page: number): MemberPage<T> {
  const total = rows.length;
  const pageCount = Math.max(Math.ceil(total / MEMBER_PAGE_SIZE), 1);
  const shown = Math.min(Math.max(page, 1), pageCount);
  const start = (shown - 1) * MEMBER_PAGE_SIZE;
  const slice = rows.slice(start, start + MEMBER_PAGE_SIZE);
  return {
    rows: slice,
    page: shown,
    pageCount,
    first: slice.length > 0 ? start + 1 : 0,
    last: start + slice.length,
    total,
  };
}
