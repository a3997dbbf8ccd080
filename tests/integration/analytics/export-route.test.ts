// The Analytics CSV export: the same figures the page shows for the same URL, exactly, with
// formula-looking names defused. (Refusals are in the authorization matrix.)
import "../../support/actions";
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { beforeAll, expect, it } from "vitest";
import { users } from "@/db/schema";
import { GET as exportCsv } from "@/app/api/workspaces/[workspaceId]/analytics/export/route";
import { refund, spend } from "@/lib/ledger";
import { actAs } from "../../support/actions";
import { makeTeam } from "../../support/access";
import { ensureTestRates, fund, testContext, testDb, unitGeneration } from "../../support/db";

let team: Awaited<ReturnType<typeof makeTeam>>;

beforeAll(async () => {
  await ensureTestRates();
  team = await makeTeam();
  const ctx = testContext(new Date());
  await fund(ctx, team.workspace.id, 10_000);
  await testDb().update(users).set({ name: "=HYPERLINK(1)" }).where(eq(users.id, team.member.user.id));
  for (const [who, credits] of [
    [team.member, 30],
    [team.member, 200],
    [team.admin, 1_000],
  ] as const) {
    const outcome = await spend(ctx, {
      workspaceId: team.workspace.id,
      membershipId: who.membership.id,
      ...unitGeneration(credits),
      idempotencyKey: randomUUID(),
    });
    if (!outcome.ok) throw new Error(outcome.message);
    if (credits === 200) {
      await refund(ctx, {
        workspaceId: team.workspace.id,
        entryId: outcome.entryId,
        amount: 50,
        idempotencyKey: randomUUID(),
      });
    }
  }
});

/** The export has no quoted cells here (no commas or quotes in these names): split plainly. */
function parse(text: string): Record<string, string>[] {
  const [header, ...lines] = text.trim().split("\n");
  const columns = (header ?? "").split(",");
  return lines.map((line) => Object.fromEntries(line.split(",").map((cell, i) => [columns[i] ?? "", cell])));
}

const call = (query: string) =>
  exportCsv(new Request(`http://creditpool.test/api?${query}`), {
    params: Promise.resolve({ workspaceId: team.workspace.id }),
  });

it("exports totals, days, models, features and members net of refunds, formulas defused", async () => {
  actAs(team.admin.user);
  const response = await call("range=7d&stack=model");
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toContain("text/csv");
  const rows = parse(await response.text());
  const section = (name: string) => rows.filter((r) => r.section === name);
  const sum = (list: Record<string, string>[]) => list.reduce((s, r) => s + Number(r.credits), 0);
  expect(section("total")).toHaveLength(1);
  expect(Number(section("total")[0]?.credits)).toBe(30 + 150 + 1_000);
  expect(Number(section("total")[0]?.generations)).toBe(3);
  for (const name of ["day", "model", "feature", "member"]) expect(sum(section(name))).toBe(1_180);
  expect(
    section("model")
      .map((r) => r.model)
      .sort(),
  ).toEqual(["hundred", "ten", "thousand"]);
  const members = section("member");
  expect(members.map((r) => r.member)).toContain("'=HYPERLINK(1)");
  expect(members.find((r) => r.member === "'=HYPERLINK(1)")?.credits).toBe("180");
});

it("applies the page's filters", async () => {
  actAs(team.admin.user);
  const rows = parse(await (await call(`range=7d&member=${team.admin.membership.id}`)).text());
  expect(rows.find((r) => r.section === "total")?.credits).toBe("1000");
  expect(rows.filter((r) => r.section === "member")).toHaveLength(1);
});
