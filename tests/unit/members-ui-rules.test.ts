import { describe, expect, it } from "vitest";
import { parseLimit } from "@/app/(dashboard)/w/[slug]/settings/members/limit-rules";
import {
  membersQueryString,
  parseMembersQuery,
  selectMembers,
} from "@/app/(dashboard)/w/[slug]/settings/members/member-query";
import { describeAuditEvent } from "@/app/(dashboard)/w/[slug]/settings/audit-log/describe";

const members = [
  {
    name: "Zoë Zimmer",
    email: "zoe@x.test",
    role: "member" as const,
    monthlyLimit: 1000,
    usedThisMonth: 900,
  },
  { name: "adam", email: "adam@x.test", role: "admin" as const, monthlyLimit: null, usedThisMonth: 50 },
  { name: "Olivia", email: "o@x.test", role: "owner" as const, monthlyLimit: 5000, usedThisMonth: 10 },
];

describe("Manage Access table query", () => {
  it("reads search and sort from the URL, ignoring junk, and writes short links", () => {
    expect(parseMembersQuery({ q: "  zoe ", sort: "remaining", dir: "desc" })).toEqual({
      isAccessView: true,
      q: "zoe",
      sort: "remaining",
      dir: "desc",
    });
    expect(parseMembersQuery({ sort: "password", dir: "sideways" })).toMatchObject({
      sort: "name",
      dir: "asc",
    });
    expect(parseMembersQuery({})).toMatchObject({ isAccessView: false });
    expect(membersQueryString({ q: "", sort: "name", dir: "asc" })).toBe("?view=access");
  });

  it("searches name and email without case or accents and sorts Unlimited after every number", () => {
    const find = (q: string) =>
      selectMembers(members, { isAccessView: true, q, sort: "name", dir: "asc" }).map((m) => m.name);
    expect(find("zoe")).toEqual(["Zoë Zimmer"]);
    expect(find("X.TEST")).toEqual(["adam", "Olivia", "Zoë Zimmer"]);
    const byRemaining = selectMembers(members, {
      isAccessView: true,
      q: "",
      sort: "remaining",
      dir: "asc",
    }).map((m) => m.name);
    expect(byRemaining).toEqual(["Zoë Zimmer", "Olivia", "adam"]);
    const byRole = selectMembers(members, { isAccessView: true, q: "", sort: "role", dir: "desc" }).map(
      (m) => m.role,
    );
    expect(byRole).toEqual(["member", "admin", "owner"]);
  });
});

describe("limit field", () => {
  it("accepts whole numbers (with separators) or Unlimited, and says what is wrong otherwise", () => {
    expect(parseLimit("12,500", false)).toEqual({ ok: true, value: 12_500 });
    expect(parseLimit("0", false)).toEqual({ ok: true, value: 0 });
    expect(parseLimit("anything", true)).toEqual({ ok: true, value: null });
    for (const bad of ["-5", "1.5", "", "1e3", "ten"])
      expect(parseLimit(bad, false)).toMatchObject({ ok: false });
  });
});

describe("audit sentences", () => {
  it("say who changed what from what to what", () => {
    const event = {
      action: "member.limit_changed" as const,
      actor: { name: "Olivia", email: "o@x.test" },
      targetLabel: "leo@x.test",
      targetName: "Leo Laurent",
      before: { monthlyLimit: 4000 },
      after: { monthlyLimit: null },
    };
    expect(describeAuditEvent(event, "UTC").sentence).toBe(
      "Changed Leo Laurent's monthly limit from 4,000 to Unlimited",
    );
    expect(
      describeAuditEvent(
        { ...event, action: "workspace.renamed", before: { name: "A" }, after: { name: "B" } },
        "UTC",
      ).sentence,
    ).toBe("Renamed the workspace from A to B");
  });
});
