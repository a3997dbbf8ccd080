import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { can, checkRemoval, checkRoleChange, describePermissions, PERMISSIONS } from "@/lib/auth/permissions";

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

  it("is documented in the README exactly as the code has it", () => {
    const readme = readFileSync("README.md", "utf8");
    for (const { permission, roles } of describePermissions()) {
      const row = readme.split("\n").find((line) => line.startsWith(`| \`${permission}\``));
      expect(row, `README row for ${permission}`).toBeDefined();
      const cells = row!.split("|").map((cell) => cell.trim());
      expect(cells.slice(2, 5)).toEqual(
        ["owner", "admin", "member"].map((role) => ((roles as readonly string[]).includes(role) ? "✓" : "")),
      );
    }
    expect(Object.keys(PERMISSIONS).length).toBe(describePermissions().length);
  });
});
