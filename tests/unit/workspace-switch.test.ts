import { describe, expect, it } from "vitest";
import {
  switchWorkspaceHref,
  WORKSPACE_NAV,
  workspaceSettingsHref,
} from "@/components/shell/workspace-pages";

const owner = { slug: "beta", role: "owner" } as const;
const member = { slug: "beta", role: "member" } as const;

describe("switching workspace from the team dropdown", () => {
  it("keeps the page when the other workspace's role may open it", () => {
    expect(switchWorkspaceHref("/w/alpha/analytics", "", "alpha", owner)).toBe("/w/beta/analytics");
    expect(switchWorkspaceHref("/w/alpha/settings/members", "", "alpha", owner)).toBe(
      "/w/beta/settings/members",
    );
    expect(switchWorkspaceHref("/w/alpha/usage", "", "alpha", member)).toBe("/w/beta/usage");
    expect(switchWorkspaceHref("/w/alpha/settings/general/", "", "alpha", member)).toBe(
      "/w/beta/settings/general",
    );
    expect(switchWorkspaceHref("/w/alpha/settings/notifications/email-outbox", "", "alpha", owner)).toBe(
      "/w/beta/settings/notifications/email-outbox",
    );
  });

  it("goes to the overview when the role there can't open the page", () => {
    for (const path of [
      "/analytics",
      "/transactions",
      "/settings/billing",
      "/settings/audit-log",
      "/settings/api-keys",
    ]) {
      expect(switchWorkspaceHref(`/w/alpha${path}`, "", "alpha", member)).toBe("/w/beta");
    }
    expect(switchWorkspaceHref("/w/alpha/settings/notifications/email-outbox", "", "alpha", member)).toBe(
      "/w/beta",
    );
  });

  it("goes to the overview from the overview, an unknown page or a page outside the workspace", () => {
    expect(switchWorkspaceHref("/w/alpha", "", "alpha", owner)).toBe("/w/beta");
    expect(switchWorkspaceHref("/w/alpha/no-such-page", "", "alpha", owner)).toBe("/w/beta");
    expect(switchWorkspaceHref("/account", "", "alpha", owner)).toBe("/w/beta");
    // A slug that only starts like the current one is another workspace's page.
    expect(switchWorkspaceHref("/w/alphabet/analytics", "", "alpha", owner)).toBe("/w/beta");
  });

  it("leaves a workspace's own records behind: the page above a checkout or a payment", () => {
    expect(
      switchWorkspaceHref("/w/alpha/settings/billing/test-checkout/cs_test_local_abc", "", "alpha", owner),
    ).toBe("/w/beta/settings/billing");
    expect(switchWorkspaceHref("/w/alpha/settings/billing/auto-top-up/4f1c", "", "alpha", owner)).toBe(
      "/w/beta/settings/billing",
    );
  });

  it("keeps query parameters that mean the same everywhere and drops member ids, cursors and purchases", () => {
    expect(
      switchWorkspaceHref(
        "/w/alpha/analytics",
        "?range=custom&from=2026-01-01&to=2026-01-31&member=9c1d&sort=credits",
        "alpha",
        owner,
      ),
    ).toBe("/w/beta/analytics?range=custom&from=2026-01-01&to=2026-01-31&sort=credits");
    expect(
      switchWorkspaceHref("/w/alpha/transactions", "?type=purchase&cursor=120&member=abc", "alpha", owner),
    ).toBe("/w/beta/transactions?type=purchase");
    expect(
      switchWorkspaceHref("/w/alpha/settings/billing", "?purchase=4f1c&buy=credits", "alpha", owner),
    ).toBe("/w/beta/settings/billing");
    expect(
      switchWorkspaceHref("/w/alpha/settings/audit-log", "?actor=abc&action=member.limit", "alpha", owner),
    ).toBe("/w/beta/settings/audit-log?action=member.limit");
  });

  it("opens a workspace's settings from its Settings icon", () => {
    expect(workspaceSettingsHref("beta")).toBe("/w/beta/settings/general");
  });

  it("lists one Credits & Billing tab in settings, and no other billing tab", () => {
    const settings = WORKSPACE_NAV.find((group) => group.label === "Settings")?.pages ?? [];
    expect(
      settings.filter((page) => /billing|plan/i.test(page.label)).map((page) => [page.label, page.path]),
    ).toEqual([["Credits & Billing", "/settings/billing"]]);
  });
});
