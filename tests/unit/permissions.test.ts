import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { MemberRole } from "@/db/schema/workspaces";
import { can, checkRemoval, checkRoleChange, PERMISSIONS, ROLES } from "@/lib/auth/permissions";

/**
 * Every way the README's permissions table (the table whose header starts with `| permission`, a ✓
 * under each role that has the permission) and the code's table disagree, one line each.
 */
function tableDifferences(readme: string, code: Record<string, readonly MemberRole[]>): string[] {
  const lines = readme.split("\n");
  const header = lines.findIndex((line) => line.startsWith("| permission "));
  const below = header < 0 ? [] : lines.slice(header + 2);
  const end = below.findIndex((line) => !line.startsWith("|"));
  const documented = new Map<string, MemberRole[]>();
  for (const row of end < 0 ? below : below.slice(0, end)) {
    const cells = row.split("|").map((cell) => cell.trim());
    documented.set(
      (cells[1] ?? "").replaceAll("`", ""),
      ROLES.filter((_, i) => cells[2 + i] === "✓"),
    );
  }
  const listed = (roles: readonly MemberRole[] | undefined) =>
    roles && ROLES.filter((role) => roles.includes(role)).join(", ");
  const say = (roles: readonly MemberRole[] | undefined, where: string) =>
    roles ? `${listed(roles)} in the ${where}` : `missing from the ${where}`;
  return [...new Set([...Object.keys(code), ...documented.keys()])]
    .filter((p) => listed(code[p]) !== listed(documented.get(p)))
    .map((p) => `${p}: ${say(code[p], "code")}, ${say(documented.get(p), "README")}`);
}

describe("permission table", () => {
  it("gives owners and admins the money and the members, members only their own usage", () => {
    for (const permission of [
      "credits:view",
      "credits:purchase",
      "auto-top-up:manage",
      "members:manage",
      "analytics:view",
      "audit-log:view",
    ] as const) {
      expect(can("owner", permission)).toBe(true);
      expect(can("admin", permission)).toBe(true);
      expect(can("member", permission)).toBe(false);
    }
    expect(can("member", "usage:view-own")).toBe(true);
    for (const permission of ["workspace:update", "workspace:delete", "owners:manage"] as const) {
      expect(can("owner", permission)).toBe(true);
      expect(can("admin", permission)).toBe(false);
    }
  });

  it("lets only owners touch owners and always keeps one", () => {
    expect(checkRoleChange("admin", "member", "admin", 1)).toBeNull();
    expect(checkRoleChange("admin", "admin", "member", 1)).toBeNull();
    expect(checkRoleChange("admin", "member", "owner", 1)).toBe("forbidden");
    expect(checkRoleChange("admin", "owner", "admin", 2)).toBe("forbidden");
    expect(checkRoleChange("member", "member", "admin", 1)).toBe("forbidden");
    expect(checkRoleChange("owner", "owner", "admin", 2)).toBeNull();
    expect(checkRoleChange("owner", "owner", "admin", 1)).toBe("last_owner");
    expect(checkRoleChange("owner", "member", "owner", 1)).toBeNull();
    expect(checkRemoval("admin", "owner", 2)).toBe("forbidden");
    expect(checkRemoval("admin", "admin", 1)).toBeNull();
    expect(checkRemoval("owner", "owner", 1)).toBe("last_owner");
    expect(checkRemoval("owner", "owner", 2)).toBeNull();
    expect(checkRemoval("member", "member", 1)).toBe("forbidden");
  });

  it("is documented in the README exactly as the code has it, row for row", () => {
    expect(tableDifferences(readFileSync("README.md", "utf8"), PERMISSIONS)).toEqual([]);
  });

  it("would fail if either side changed alone", () => {
    const readme = readFileSync("README.md", "utf8");
    const row = (permission: string) => readme.split("\n").find((l) => l.startsWith(`| \`${permission}\``))!;
    const flipped = row("webhooks:manage").replace(/^(\|[^|]*\|[^|]*\|)[^|]*\|/, "$1 ✓     |");

    expect(tableDifferences(readme.replace(row("audit-log:view") + "\n", ""), PERMISSIONS)).toEqual([
      "audit-log:view: owner, admin in the code, missing from the README",
    ]);
    expect(tableDifferences(readme.replace(row("webhooks:manage"), flipped), PERMISSIONS)).toEqual([
      "webhooks:manage: owner in the code, owner, admin in the README",
    ]);
    expect(
      tableDifferences(
        readme.replace(row("webhooks:manage"), `${row("webhooks:manage")}\n| \`reports:view\` | ✓ | | | |`),
        PERMISSIONS,
      ),
    ).toEqual(["reports:view: missing from the code, owner in the README"]);
    const { "email-outbox:view": _dropped, ...fewer } = PERMISSIONS;
    expect(tableDifferences(readme, fewer)).toEqual([
      "email-outbox:view: missing from the code, owner, admin in the README",
    ]);
    expect(tableDifferences(readme, { ...PERMISSIONS, "members:view": ["owner"] })).toEqual([
      "members:view: owner in the code, owner, admin in the README",
    ]);
    expect(tableDifferences("no table here", PERMISSIONS)).toHaveLength(Object.keys(PERMISSIONS).length);
  });
});
