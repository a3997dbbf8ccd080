// The Analytics member table's page: read from the URL within bounds, and sliced from the sorted rows.
import { describe, expect, it } from "vitest";
import {
  MAX_MEMBER_PAGE,
  MEMBER_PAGE_SIZE,
  pageOfMembers,
  parseMemberPage,
} from "@/lib/analytics/member-page";

describe("parseMemberPage", () => {
  it("reads a page number in bounds", () => {
    expect(parseMemberPage({})).toBe(1);
    expect(parseMemberPage({ page: "1" })).toBe(1);
    expect(parseMemberPage({ page: "2" })).toBe(2);
    expect(parseMemberPage({ page: "007" })).toBe(7);
    expect(parseMemberPage({ page: String(MAX_MEMBER_PAGE) })).toBe(MAX_MEMBER_PAGE);
    expect(parseMemberPage({ page: ["3", "9"] })).toBe(3);
  });

  it("reads anything hostile or out of bounds as page 1, never throws", () => {
    for (const page of [
      "0",
      "-1",
      "2.5",
      "1e3",
      "0x10",
      " 2",
      "2 ",
      "+2",
      "",
      "abc",
      "NaN",
      "Infinity",
      String(MAX_MEMBER_PAGE + 1),
      "99999999999999999999",
      "9".repeat(400),
      "1\u0000",
      "٣", // an Arabic-Indic three
    ]) {
      expect(parseMemberPage({ page }), page).toBe(1);
    }
    expect(parseMemberPage({ page: [] })).toBe(1);
  });
});

describe("pageOfMembers", () => {
  const rows = Array.from({ length: 60 }, (_, i) => i + 1);

  it("slices 25 a page, with the positions shown and the total", () => {
    expect(MEMBER_PAGE_SIZE).toBe(25);
    expect(pageOfMembers(rows, 1)).toMatchObject({ page: 1, pageCount: 3, first: 1, last: 25, total: 60 });
    expect(pageOfMembers(rows, 1).rows).toEqual(rows.slice(0, 25));
    const second = pageOfMembers(rows, 2);
    expect(second).toMatchObject({ page: 2, first: 26, last: 50 });
    expect(second.rows[0]).toBe(26);
    const third = pageOfMembers(rows, 3);
    expect(third).toMatchObject({ page: 3, first: 51, last: 60 });
    expect(third.rows).toHaveLength(10);
  });

  it("shows the last page for a page past the end, and an empty first page when there are no rows", () => {
    expect(pageOfMembers(rows, 4)).toMatchObject({ page: 3, first: 51, last: 60 });
    expect(pageOfMembers(rows, MAX_MEMBER_PAGE).rows).toHaveLength(10);
    expect(pageOfMembers([], 5)).toEqual({ rows: [], page: 1, pageCount: 1, first: 0, last: 0, total: 0 });
    expect(pageOfMembers(rows.slice(0, 25), 2)).toMatchObject({ page: 1, pageCount: 1, last: 25 });
  });
});
