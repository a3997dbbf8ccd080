// Every server action, called by people who must not succeed: signed out, a plain member, an
// admin of another workspace (and an admin for owner-only actions). Each is refused with the
// right code and nothing in either workspace changes.
import "../../support/actions";
import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import {
  auditEvents,
  autoTopUpSettings,
  creditAccounts,
  invitations,
  memberAlertSubscriptions,
  memberLimitExtras,
  memberLimitRequests,
  memberships,
  notificationDeliveries,
  notificationPreferences,
  notifications,
  webhookEndpoints,
  workspaceBillingDetails,
  workspaces,
} from "@/db/schema";
import type { User } from "@/db/schema";
import { createInvitationAction } from "@/lib/actions/invitations/create-invitation";
import { raiseCreditEvent } from "@/db/queries/credit-events";
import { actAs, listActionNames } from "../../support/actions";
import { makeTeam } from "../../support/access";
import { testDb } from "../../support/db";

type Team = Awaited<ReturnType<typeof makeTeam>>;
type Caller = "signed out" | "member" | "admin of another workspace" | "admin";

type Case = {
  /** The exported action's name. */
  action: string;
  load: () => Promise<(input: never) => Promise<unknown>>;
  input: (team: Team, extra: { invitationId: string; notificationId: string }) => unknown;
  /** Who must be refused, and with which code. */
  refused: Partial<Record<Caller, string>>;
};

const WORKSPACE_REFUSALS = {
  "signed out": "unauthenticated",
  member: "forbidden",
  "admin of another workspace": "not_found",
} as const;

/** Actions on one's own things (every role has them): only outsiders are refused. */
const OWN_REFUSALS = { "signed out": "unauthenticated", "admin of another workspace": "not_found" } as const;

const CASES: Case[] = [
  {
    action: "updateMemberLimitAction",
    load: async () => (await import("@/lib/actions/members/update-member-limit")).updateMemberLimitAction,
    input: (t) => ({ workspaceId: t.workspace.id, membershipId: t.other.membership.id, monthlyLimit: 5 }),
    refused: WORKSPACE_REFUSALS,
  },
  {
    action: "decideLimitRequestAction",
    load: async () => (await import("@/lib/actions/members/decide-limit-request")).decideLimitRequestAction,
    input: (t) => ({
      workspaceId: t.workspace.id,
      requestId: "00000000-0000-4000-8000-000000000019",
      decision: "approve_new_limit",
    }),
    refused: WORKSPACE_REFUSALS,
  },
  {
    action: "updateMemberLimitsAction",
    load: async () => (await import("@/lib/actions/members/update-member-limits")).updateMemberLimitsAction,
    input: (t) => ({
      workspaceId: t.workspace.id,
      membershipIds: [t.other.membership.id, t.member.membership.id],
      monthlyLimit: 5,
      countUsage: "now",
    }),
    refused: WORKSPACE_REFUSALS,
  },
  {
    action: "requestLimitIncreaseAction",
    load: async () =>
      (await import("@/lib/actions/members/request-limit-increase")).requestLimitIncreaseAction,
    input: (t) => ({ workspaceId: t.workspace.id, amount: 10, reason: "More" }),
    refused: OWN_REFUSALS,
  },
  {
    action: "withdrawLimitRequestAction",
    load: async () =>
      (await import("@/lib/actions/members/withdraw-limit-request")).withdrawLimitRequestAction,
    input: (t) => ({ workspaceId: t.workspace.id, requestId: "00000000-0000-4000-8000-000000000019" }),
    // Nobody can withdraw someone else's request; a member's own is theirs to withdraw.
    refused: { ...OWN_REFUSALS, member: "not_found", admin: "not_found" },
  },
  {
    action: "updateMemberAlertSubscriptionAction",
    load: async () =>
      (await import("@/lib/actions/notifications/update-member-alert-subscription"))
        .updateMemberAlertSubscriptionAction,
    input: (t) => ({ workspaceId: t.workspace.id, on: true }),
    refused: WORKSPACE_REFUSALS,
  },
  {
    action: "updateMemberTopUpAction",
    load: async () => (await import("@/lib/actions/members/update-member-top-up")).updateMemberTopUpAction,
    input: (t) => ({ workspaceId: t.workspace.id, membershipId: t.other.membership.id, mayUseTopUp: false }),
    refused: WORKSPACE_REFUSALS,
  },
  {
    action: "updateMemberDefaultsAction",
    load: async () =>
      (await import("@/lib/actions/workspaces/update-member-defaults")).updateMemberDefaultsAction,
    input: (t) => ({ workspaceId: t.workspace.id, defaultMonthlyLimit: 5, defaultMayUseTopUp: false }),
    refused: WORKSPACE_REFUSALS,
  },
  {
    action: "updateMemberRoleAction",
    load: async () => (await import("@/lib/actions/members/update-member-role")).updateMemberRoleAction,
    input: (t) => ({ workspaceId: t.workspace.id, membershipId: t.other.membership.id, role: "admin" }),
    refused: WORKSPACE_REFUSALS,
  },
  {
    action: "removeMemberAction",
    load: async () => (await import("@/lib/actions/members/remove-member")).removeMemberAction,
    input: (t) => ({ workspaceId: t.workspace.id, membershipId: t.other.membership.id }),
    refused: WORKSPACE_REFUSALS,
  },
  {
    action: "createInvitationAction",
    load: async () => (await import("@/lib/actions/invitations/create-invitation")).createInvitationAction,
    input: (t) => ({ workspaceId: t.workspace.id, email: `new-${t.tag}@team.test`, role: "member" }),
    refused: WORKSPACE_REFUSALS,
  },
  {
    action: "resendInvitationAction",
    load: async () => (await import("@/lib/actions/invitations/resend-invitation")).resendInvitationAction,
    input: (t, x) => ({ workspaceId: t.workspace.id, invitationId: x.invitationId }),
    refused: WORKSPACE_REFUSALS,
  },
  {
    action: "revokeInvitationAction",
    load: async () => (await import("@/lib/actions/invitations/revoke-invitation")).revokeInvitationAction,
    input: (t, x) => ({ workspaceId: t.workspace.id, invitationId: x.invitationId }),
    refused: WORKSPACE_REFUSALS,
  },
  {
    action: "updateWorkspaceAction",
    load: async () => (await import("@/lib/actions/workspaces/update-workspace")).updateWorkspaceAction,
    input: (t) => ({ workspaceId: t.workspace.id, name: "Hijacked", timeZone: "Asia/Tokyo" }),
    refused: { ...WORKSPACE_REFUSALS, admin: "forbidden" },
  },
  {
    action: "deleteWorkspaceAction",
    load: async () => (await import("@/lib/actions/workspaces/delete-workspace")).deleteWorkspaceAction,
    input: (t) => ({ workspaceId: t.workspace.id, confirmName: t.workspace.name }),
    refused: { ...WORKSPACE_REFUSALS, admin: "forbidden" },
  },
  {
    action: "startPurchaseAction",
    load: async () => (await import("@/lib/actions/credits/start-purchase")).startPurchaseAction,
    input: (t) => ({ workspaceId: t.workspace.id, credits: 5_000 }),
    refused: WORKSPACE_REFUSALS,
  },
  {
    action: "completeTestCheckoutAction",
    load: async () =>
      (await import("@/lib/actions/credits/complete-test-checkout")).completeTestCheckoutAction,
    input: (t) => ({
      workspaceId: t.workspace.id,
      sessionId: `cs_test_local_${"a".repeat(32)}`,
      action: "pay",
      cardNumber: "4242424242424242",
    }),
    refused: WORKSPACE_REFUSALS,
  },
  {
    action: "openBillingPortalAction",
    load: async () => (await import("@/lib/actions/credits/open-billing-portal")).openBillingPortalAction,
    input: (t) => ({ workspaceId: t.workspace.id }),
    refused: WORKSPACE_REFUSALS,
  },
  {
    action: "updateLowBalanceThresholdAction",
    load: async () =>
      (await import("@/lib/actions/credits/update-low-balance-threshold")).updateLowBalanceThresholdAction,
    input: (t) => ({ workspaceId: t.workspace.id, threshold: 1 }),
    refused: { ...WORKSPACE_REFUSALS, admin: "forbidden" },
  },
  {
    action: "saveAutoTopUpAction",
    load: async () => (await import("@/lib/actions/credits/save-auto-top-up")).saveAutoTopUpAction,
    input: (t) => ({
      workspaceId: t.workspace.id,
      enabled: false,
      threshold: 1_000,
      credits: 5_000,
      monthlyCapCents: null,
    }),
    refused: WORKSPACE_REFUSALS,
  },
  {
    action: "retryAutoTopUpAction",
    load: async () => (await import("@/lib/actions/credits/retry-auto-top-up")).retryAutoTopUpAction,
    input: (t) => ({ workspaceId: t.workspace.id }),
    refused: WORKSPACE_REFUSALS,
  },
  {
    action: "startCardSetupAction",
    load: async () => (await import("@/lib/actions/credits/start-card-setup")).startCardSetupAction,
    input: (t) => ({ workspaceId: t.workspace.id }),
    refused: WORKSPACE_REFUSALS,
  },
  {
    action: "saveCardAction",
    load: async () => (await import("@/lib/actions/credits/save-card")).saveCardAction,
    input: (t) => ({ workspaceId: t.workspace.id, testPaymentMethod: "pm_card_visa" }),
    refused: WORKSPACE_REFUSALS,
  },
  {
    action: "purchaseWithSavedCardAction",
    load: async () =>
      (await import("@/lib/actions/credits/purchase-with-saved-card")).purchaseWithSavedCardAction,
    input: (t) => ({
      workspaceId: t.workspace.id,
      credits: 5_000,
      paymentMethodId: "pm_card_visa",
      requestId: t.workspace.id,
    }),
    refused: WORKSPACE_REFUSALS,
  },
  {
    action: "finishSavedCardPurchaseAction",
    load: async () =>
      (await import("@/lib/actions/credits/finish-saved-card-purchase")).finishSavedCardPurchaseAction,
    input: (t) => ({ workspaceId: t.workspace.id, purchaseId: t.workspace.id, testOutcome: "authenticate" }),
    refused: WORKSPACE_REFUSALS,
  },
  {
    action: "resumeCheckoutAction",
    load: async () => (await import("@/lib/actions/credits/resume-checkout")).resumeCheckoutAction,
    input: (t) => ({ workspaceId: t.workspace.id, purchaseId: t.workspace.id }),
    refused: WORKSPACE_REFUSALS,
  },
  {
    action: "reverseTestPaymentAction",
    load: async () => (await import("@/lib/actions/credits/reverse-test-payment")).reverseTestPaymentAction,
    input: (t) => ({ workspaceId: t.workspace.id, purchaseId: t.workspace.id, action: "open_dispute" }),
    refused: WORKSPACE_REFUSALS,
  },
  {
    action: "cancelCheckoutAction",
    load: async () => (await import("@/lib/actions/credits/cancel-checkout")).cancelCheckoutAction,
    input: (t) => ({ workspaceId: t.workspace.id, purchaseId: t.workspace.id }),
    refused: WORKSPACE_REFUSALS,
  },
  {
    action: "getCardOnFileAction",
    load: async () => (await import("@/lib/actions/payment-methods/get-card-on-file")).getCardOnFileAction,
    input: (t) => ({ workspaceId: t.workspace.id }),
    refused: WORKSPACE_REFUSALS,
  },
  {
    action: "startAddingCardAction",
    load: async () => (await import("@/lib/actions/payment-methods/start-adding-card")).startAddingCardAction,
    input: (t) => ({ workspaceId: t.workspace.id }),
    refused: WORKSPACE_REFUSALS,
  },
  {
    action: "addPaymentMethodAction",
    load: async () =>
      (await import("@/lib/actions/payment-methods/add-payment-method")).addPaymentMethodAction,
    input: (t) => ({ workspaceId: t.workspace.id, testPaymentMethod: "pm_card_visa" }),
    refused: WORKSPACE_REFUSALS,
  },
  {
    action: "makeDefaultPaymentMethodAction",
    load: async () =>
      (await import("@/lib/actions/payment-methods/make-default-payment-method"))
        .makeDefaultPaymentMethodAction,
    input: (t) => ({ workspaceId: t.workspace.id, paymentMethodId: "pm_card_visa" }),
    refused: WORKSPACE_REFUSALS,
  },
  {
    action: "removePaymentMethodAction",
    load: async () =>
      (await import("@/lib/actions/payment-methods/remove-payment-method")).removePaymentMethodAction,
    input: (t) => ({ workspaceId: t.workspace.id, paymentMethodId: "pm_card_visa" }),
    refused: WORKSPACE_REFUSALS,
  },
  {
    action: "completeTestAuthenticationAction",
    load: async () =>
      (await import("@/lib/actions/credits/complete-test-authentication")).completeTestAuthenticationAction,
    input: (t) => ({ workspaceId: t.workspace.id, purchaseId: t.workspace.id }),
    refused: WORKSPACE_REFUSALS,
  },
  {
    action: "changePlanAction",
    load: async () => (await import("@/lib/actions/billing/change-plan")).changePlanAction,
    input: (t) => ({ workspaceId: t.workspace.id, action: "cancel" }),
    refused: WORKSPACE_REFUSALS,
  },
  {
    action: "updateBillingDetailsAction",
    load: async () =>
      (await import("@/lib/actions/billing/update-billing-details")).updateBillingDetailsAction,
    input: (t) => ({ workspaceId: t.workspace.id, companyName: "Hijacked Ltd", country: "DE" }),
    // Owners only: admins see the billing details but can't change them.
    refused: { ...WORKSPACE_REFUSALS, admin: "forbidden" },
  },
  {
    action: "createApiKeyAction",
    load: async () => (await import("@/lib/actions/api-keys/create-api-key")).createApiKeyAction,
    input: (t) => ({ workspaceId: t.workspace.id, name: "sneaky" }),
    refused: WORKSPACE_REFUSALS,
  },
  {
    action: "revokeApiKeyAction",
    load: async () => (await import("@/lib/actions/api-keys/revoke-api-key")).revokeApiKeyAction,
    input: (t) => ({ workspaceId: t.workspace.id, apiKeyId: t.workspace.id }),
    refused: WORKSPACE_REFUSALS,
  },
  {
    action: "updateApiKeyRateLimitAction",
    load: async () =>
      (await import("@/lib/actions/api-keys/update-api-key-rate-limit")).updateApiKeyRateLimitAction,
    input: (t) => ({ workspaceId: t.workspace.id, apiKeyId: t.workspace.id, limit: null }),
    refused: WORKSPACE_REFUSALS,
  },
  {
    action: "updateApiKeyBudgetAction",
    load: async () => (await import("@/lib/actions/api-keys/update-api-key-budget")).updateApiKeyBudgetAction,
    input: (t) => ({
      workspaceId: t.workspace.id,
      apiKeyId: t.workspace.id,
      monthlyCreditCap: 5,
      allowedModels: null,
    }),
    refused: WORKSPACE_REFUSALS,
  },
  {
    action: "markNotificationReadAction",
    load: async () =>
      (await import("@/lib/actions/notifications/mark-notification-read")).markNotificationReadAction,
    input: (t, x) => ({ workspaceId: t.workspace.id, notificationId: x.notificationId }),
    // Members have their own notifications; they can never reach someone else's.
    refused: { ...OWN_REFUSALS, member: "not_found" },
  },
  {
    action: "markAllNotificationsReadAction",
    load: async () =>
      (await import("@/lib/actions/notifications/mark-all-notifications-read"))
        .markAllNotificationsReadAction,
    input: (t) => ({ workspaceId: t.workspace.id }),
    refused: OWN_REFUSALS,
  },
  {
    action: "updateEmailPreferenceAction",
    load: async () =>
      (await import("@/lib/actions/notifications/update-email-preference")).updateEmailPreferenceAction,
    input: (t) => ({ workspaceId: t.workspace.id, type: "credit_balance_low", email: false }),
    refused: WORKSPACE_REFUSALS,
  },
  {
    action: "saveWebhookEndpointAction",
    load: async () =>
      (await import("@/lib/actions/notifications/save-webhook-endpoint")).saveWebhookEndpointAction,
    input: (t) => ({ workspaceId: t.workspace.id, url: "https://attacker.example/hook" }),
    refused: { ...WORKSPACE_REFUSALS, admin: "forbidden" },
  },
  {
    action: "removeWebhookEndpointAction",
    load: async () =>
      (await import("@/lib/actions/notifications/remove-webhook-endpoint")).removeWebhookEndpointAction,
    input: (t) => ({ workspaceId: t.workspace.id }),
    refused: { ...WORKSPACE_REFUSALS, admin: "forbidden" },
  },
  {
    action: "rotateWebhookSecretAction",
    load: async () =>
      (await import("@/lib/actions/notifications/rotate-webhook-secret")).rotateWebhookSecretAction,
    input: (t) => ({ workspaceId: t.workspace.id }),
    refused: { ...WORKSPACE_REFUSALS, admin: "forbidden" },
  },
  {
    action: "sendTestWebhookAction",
    load: async () => (await import("@/lib/actions/notifications/send-test-webhook")).sendTestWebhookAction,
    input: (t) => ({ workspaceId: t.workspace.id }),
    refused: { ...WORKSPACE_REFUSALS, admin: "forbidden" },
  },
  {
    action: "acceptInvitationAction",
    load: async () => (await import("@/lib/actions/invitations/accept-invitation")).acceptInvitationAction,
    input: () => ({ token: "x".repeat(43) }),
    refused: { "signed out": "unauthenticated" },
  },
  {
    action: "signOutEverywhereAction",
    load: async () => (await import("@/lib/actions/auth/sign-out-everywhere")).signOutEverywhereAction,
    input: () => ({}),
    refused: { "signed out": "unauthenticated" },
  },
  {
    action: "changePasswordAction",
    load: async () => (await import("@/lib/actions/auth/change-password")).changePasswordAction,
    input: () => ({
      currentPassword: "a guess at it",
      newPassword: "Hijacked password",
      confirmPassword: "Hijacked password",
    }),
    refused: { "signed out": "unauthenticated" },
  },
  {
    action: "createWorkspaceAction",
    load: async () => (await import("@/lib/actions/workspaces/create-workspace")).createWorkspaceAction,
    input: () => ({ name: "Sneaky", timeZone: "UTC" }),
    refused: { "signed out": "unauthenticated" },
  },
];

/** Actions anyone may call, and why. */
const PUBLIC_ACTIONS = { signUpAction: "creates an account; checked in sign-up tests" };

let team: Team;
let stranger: Team;
let invitationId: string;
let notificationId: string;

async function snapshot(workspaceIds: string[]) {
  const db = testDb();
  return JSON.stringify({
    workspaces: await db
      .select()
      .from(workspaces)
      .where(inArray(workspaces.id, workspaceIds))
      .orderBy(workspaces.id),
    memberships: await db
      .select()
      .from(memberships)
      .where(inArray(memberships.workspaceId, workspaceIds))
      .orderBy(memberships.id),
    invitations: await db
      .select()
      .from(invitations)
      .where(inArray(invitations.workspaceId, workspaceIds))
      .orderBy(invitations.id),
    billingDetails: await db
      .select()
      .from(workspaceBillingDetails)
      .where(inArray(workspaceBillingDetails.workspaceId, workspaceIds))
      .orderBy(workspaceBillingDetails.workspaceId),
    autoTopUp: await db
      .select()
      .from(autoTopUpSettings)
      .where(inArray(autoTopUpSettings.workspaceId, workspaceIds))
      .orderBy(autoTopUpSettings.workspaceId),
    accounts: await db
      .select()
      .from(creditAccounts)
      .where(inArray(creditAccounts.workspaceId, workspaceIds))
      .orderBy(creditAccounts.workspaceId),
    audit: await db
      .select({ count: sql<number>`count(*)::int` })
      .from(auditEvents)
      .where(inArray(auditEvents.workspaceId, workspaceIds)),
    notifications: await db
      .select()
      .from(notifications)
      .where(inArray(notifications.workspaceId, workspaceIds))
      .orderBy(notifications.id),
    preferences: await db
      .select()
      .from(notificationPreferences)
      .where(inArray(notificationPreferences.workspaceId, workspaceIds))
      .orderBy(
        asc(notificationPreferences.workspaceId),
        asc(notificationPreferences.userId),
        asc(notificationPreferences.type),
      ),
    webhooks: await db
      .select()
      .from(webhookEndpoints)
      .where(inArray(webhookEndpoints.workspaceId, workspaceIds))
      .orderBy(asc(webhookEndpoints.workspaceId)),
    deliveries: await db
      .select({ id: notificationDeliveries.id, status: notificationDeliveries.status })
      .from(notificationDeliveries)
      .where(inArray(notificationDeliveries.workspaceId, workspaceIds))
      .orderBy(notificationDeliveries.id),
    limitRequests: await db
      .select()
      .from(memberLimitRequests)
      .where(inArray(memberLimitRequests.workspaceId, workspaceIds))
      .orderBy(memberLimitRequests.id),
    limitExtras: await db
      .select()
      .from(memberLimitExtras)
      .where(inArray(memberLimitExtras.workspaceId, workspaceIds))
      .orderBy(memberLimitExtras.membershipId),
    alertSubscriptions: await db
      .select()
      .from(memberAlertSubscriptions)
      .where(inArray(memberAlertSubscriptions.workspaceId, workspaceIds))
      .orderBy(memberAlertSubscriptions.userId),
    ownedWorkspaces: await db.execute(
      sql`select count(*)::int as n from workspaces where name in ('Sneaky', 'Hijacked')`,
    ),
  });
}

beforeAll(async () => {
  team = await makeTeam();
  stranger = await makeTeam();
  actAs(team.owner.user);
  const invited = await createInvitationAction({
    workspaceId: team.workspace.id,
    email: `pending-${team.tag}@team.test`,
    role: "member",
  });
  if (!invited.ok) throw new Error(invited.error.message);
  invitationId = invited.data.invitationId;
  // An owner's unread notification (and its email delivery), and a webhook endpoint to protect.
  await raiseCreditEvent(testDb(), {
    workspaceId: team.workspace.id,
    type: "credit_balance_depleted",
    dedupeKey: `matrix:${team.workspace.id}`,
    payload: { balance: 0 },
    at: new Date(),
  });
  const [own] = await testDb()
    .select({ id: notifications.id })
    .from(notifications)
    .where(
      and(eq(notifications.workspaceId, team.workspace.id), eq(notifications.userId, team.owner.user.id)),
    );
  notificationId = own!.id;
  await testDb().insert(webhookEndpoints).values({
    workspaceId: team.workspace.id,
    url: "https://hooks.example.test/team",
    secret: "whsec_matrix",
    createdAt: new Date(),
    updatedAt: new Date(),
    secretRotatedAt: new Date(),
  });
});

it("covers every server action in lib/actions", async () => {
  const covered = [...CASES.map((c) => c.action), ...Object.keys(PUBLIC_ACTIONS)];
  expect(await listActionNames()).toEqual(covered.sort());
});

describe.each(CASES)("$action", (testCase) => {
  const callers = Object.entries(testCase.refused) as [Caller, string][];
  it.each(callers)("refuses %s with %s and writes nothing", async (caller, code) => {
    const action = await testCase.load();
    const users: Record<Caller, User | null> = {
      "signed out": null,
      member: team.member.user,
      "admin of another workspace": stranger.admin.user,
      admin: team.admin.user,
    };
    const before = await snapshot([team.workspace.id, stranger.workspace.id]);
    actAs(users[caller]);
    const result = (await action(testCase.input(team, { invitationId, notificationId }) as never)) as {
      ok: boolean;
      error?: { code: string };
    };
    expect(result.ok).toBe(false);
    expect(result.error?.code).toBe(code);
    expect(await snapshot([team.workspace.id, stranger.workspace.id])).toBe(before);
  });
});

// Route handlers for the browser (session cookie). Public ones say why they are public.
type RouteCase = {
  route: string;
  load: () => Promise<
    (request: Request, context: { params: Promise<{ workspaceId: string }> }) => Promise<Response>
  >;
  refused: Partial<Record<Caller, number>>;
};

const ROUTE_REFUSALS = { "signed out": 401, member: 403, "admin of another workspace": 404 } as const;

const ROUTES: RouteCase[] = [
  {
    route: "app/api/workspaces/[workspaceId]/credits/route.ts",
    load: async () => (await import("@/app/api/workspaces/[workspaceId]/credits/route")).GET,
    refused: ROUTE_REFUSALS,
  },
  {
    route: "app/api/workspaces/[workspaceId]/credits-left/route.ts",
    load: async () => (await import("@/app/api/workspaces/[workspaceId]/credits-left/route")).GET,
    // Every member gets their own Credits Left (a member's is their allowance); outsiders are refused.
    refused: { "signed out": 401, "admin of another workspace": 404 },
  },
  {
    route: "app/api/workspaces/[workspaceId]/notifications/route.ts",
    load: async () => (await import("@/app/api/workspaces/[workspaceId]/notifications/route")).GET,
    // Every member has their own notifications; outsiders are refused.
    refused: { "signed out": 401, "admin of another workspace": 404 },
  },
  {
    route: "app/api/workspaces/[workspaceId]/transactions/export/route.ts",
    load: async () => (await import("@/app/api/workspaces/[workspaceId]/transactions/export/route")).GET,
    refused: ROUTE_REFUSALS,
  },
  {
    route: "app/api/workspaces/[workspaceId]/analytics/export/route.ts",
    load: async () => (await import("@/app/api/workspaces/[workspaceId]/analytics/export/route")).GET,
    refused: ROUTE_REFUSALS,
  },
  {
    route: "app/api/workspaces/[workspaceId]/invoices/export/route.ts",
    load: async () => (await import("@/app/api/workspaces/[workspaceId]/invoices/export/route")).GET,
    refused: ROUTE_REFUSALS,
  },
  {
    route: "app/api/workspaces/[workspaceId]/receipts/[receiptId]/pdf/route.ts",
    load: async () =>
      (await import("@/app/api/workspaces/[workspaceId]/receipts/[receiptId]/pdf/route")).GET as never,
    refused: ROUTE_REFUSALS,
  },
];

/** The metering API: API keys only (no session); its own tests cover 401 for missing, bad and revoked keys. */
const API_KEY_ROUTES = [
  "app/api/v1/usage/route.ts",
  "app/api/v1/usage/batch/route.ts",
  "app/api/v1/quote/route.ts",
  "app/api/v1/holds/route.ts",
  "app/api/v1/holds/[holdId]/settle/route.ts",
  "app/api/v1/holds/[holdId]/release/route.ts",
  "app/api/v1/balance/route.ts",
];

const PUBLIC_ROUTES = {
  "app/api/v1/openapi.json/route.ts": "the API's public description",
  "app/api/v1/[[...path]]/route.ts":
    "the API's 404 for a path it does not have; reads nothing, writes nothing",
  "app/api/auth/[...nextauth]/route.ts": "next-auth's own sign-in endpoints",
  "app/api/stripe/webhook/route.ts": "Stripe calls it; every request must carry a valid Stripe signature",
  "app/api/health/live/route.ts": "load balancers' liveness probe; answers only that the process is up",
  "app/api/health/ready/route.ts": "load balancers' readiness probe; names its checks, nothing secret",
  "app/api/metrics/route.ts":
    "Prometheus; needs METRICS_TOKEN (tests/integration/ops/health-metrics.test.ts)",
};

function routeFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return routeFiles(full);
    return name === "route.ts" ? [path.relative(process.cwd(), full)] : [];
  });
}

it("covers every route handler in app/api", () => {
  const covered = [...ROUTES.map((r) => r.route), ...API_KEY_ROUTES, ...Object.keys(PUBLIC_ROUTES)];
  expect(routeFiles(path.join(process.cwd(), "app/api")).sort()).toEqual(covered.sort());
});

describe.each(ROUTES)("$route", (routeCase) => {
  const callers = Object.entries(routeCase.refused) as [Caller, number][];
  it.each(callers)("refuses %s with HTTP %i", async (caller, status) => {
    const handler = await routeCase.load();
    const users: Record<Caller, User | null> = {
      "signed out": null,
      member: team.member.user,
      "admin of another workspace": stranger.admin.user,
      admin: team.admin.user,
    };
    actAs(users[caller]);
    const response = await handler(new Request("http://creditpool.test/api"), {
      params: Promise.resolve({ workspaceId: team.workspace.id }),
    });
    expect(response.status).toBe(status);
    const body = (await response.json()) as { error?: { code?: string } };
    expect(body.error?.code).toBeTruthy();
  });
});

describe.each(API_KEY_ROUTES)("%s", (route) => {
  it("refuses a call without an API key (401), even with a signed-in owner's session", async () => {
    actAs(team.owner.user);
    const mod = (await import(`@/${route.replace(/\.ts$/, "")}`)) as Record<
      string,
      (r: Request, c: unknown) => Promise<Response>
    >;
    for (const method of ["GET", "POST"] as const) {
      const handler = mod[method];
      if (!handler) continue;
      const response = await handler(
        new Request("http://creditpool.test/api/v1/x", {
          method,
          ...(method === "POST" ? { body: "{}" } : {}),
        }),
        { params: Promise.resolve({ holdId: "00000000-0000-4000-8000-000000000000" }) },
      );
      expect(response.status).toBe(401);
    }
  });
});
