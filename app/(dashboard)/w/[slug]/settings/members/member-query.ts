// What the Manage Access table shows, read from the URL (?view=access&q=&sort=&dir=) so a link
// opens the same view. Filtering and sorting run on the server, in the page.
import type { MemberRole } from "@/db/schema/workspaces";

export const SORT_KEYS = ["name", "email", "role", "limit", "used", "remaining"] as const;
export type SortKey = (typeof SORT_KEYS)[number];
export type SortDirection = "asc" | "desc";

export type MembersQuery = {
  /** Whether the Manage Access table is open. */
  isAccessView: boolean;
  q: string;
  sort: SortKey;
  dir: SortDirection;
};

export const DEFAULT_SORT: SortKey = "name";
export const MAX_QUERY_LENGTH = 100;

type SearchParams = Record<string, string | string[] | undefined>;

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

export function parseMembersQuery(params: SearchParams): MembersQuery {
  const q = (first(params.q) ?? "").trim().slice(0, MAX_QUERY_LENGTH);
  const sortParam = first(params.sort);
  const sort = SORT_KEYS.find((key) => key === sortParam) ?? DEFAULT_SORT;
  const dir: SortDirection = first(params.dir) === "desc" ? "desc" : "asc";
  // A search or sort in the link only makes sense with the table open.
  const isAccessView = first(params.view) === "access" || q !== "" || sortParam !== undefined;
  return { isAccessView, q, sort, dir };
}

/** The query string for a Manage Access view; defaults are left out to keep links short. */
export function membersQueryString(query: Omit<MembersQuery, "isAccessView">): string {
  const params = new URLSearchParams({ view: "access" });
  if (query.q) params.set("q", query.q);
  if (query.sort !== DEFAULT_SORT || query.dir !== "asc") {
    params.set("sort", query.sort);
    params.set("dir", query.dir);
  }
  return `?${params.toString()}`;
}

export type SortableMember = {
  name: string;
  email: string;
  role: MemberRole;
  monthlyLimit: number | null;
  usedThisMonth: number;
};

const ROLE_ORDER: Record<MemberRole, number> = { owner: 0, admin: 1, member: 2 };

/** Credits left this month; Unlimited sorts after every number. */
export function remainingThisMonth(
  member: Pick<SortableMember, "monthlyLimit" | "usedThisMonth">,
): number | null {
  return member.monthlyLimit === null ? null : Math.max(member.monthlyLimit - member.usedThisMonth, 0);
}

const collator = new Intl.Collator("en", { sensitivity: "base", numeric: true });

function compareNullableNumbers(a: number | null, b: number | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a - b;
}

function compareBy(key: SortKey, a: SortableMember, b: SortableMember): number {
  switch (key) {
    case "name":
      return collator.compare(a.name, b.name);
    case "email":
      return collator.compare(a.email, b.email);
    case "role":
      return ROLE_ORDER[a.role] - ROLE_ORDER[b.role];
    case "limit":
      return compareNullableNumbers(a.monthlyLimit, b.monthlyLimit);
    case "used":
      return a.usedThisMonth - b.usedThisMonth;
    case "remaining":
      return compareNullableNumbers(remainingThisMonth(a), remainingThisMonth(b));
  }
}

/** Members matching the search (name or email, case- and accent-insensitive), in the chosen order. */
export function selectMembers<T extends SortableMember>(members: readonly T[], query: MembersQuery): T[] {
  const needle = fold(query.q);
  const matching = needle
    ? members.filter((m) => fold(m.name).includes(needle) || fold(m.email).includes(needle))
    : [...members];
  const sign = query.dir === "desc" ? -1 : 1;
  return matching.sort(
    (a, b) =>
      sign * compareBy(query.sort, a, b) ||
      collator.compare(a.name, b.name) ||
      a.email.localeCompare(b.email),
  );
}

function fold(text: string): string {
  return text
    .normalize("NFD")
    .replace(/\p{Diacritic}/gu, "")
    .toLowerCase()
    .trim();
}
