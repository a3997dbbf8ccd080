// Hostile input to every server action (fast-check), called as the owner of a real workspace:
// wrong types, missing and extra fields, zero, negative, fractional, NaN, infinite and huge
// amounts, over-long strings, unicode (RTL, emoji, combining marks, NUL, lone surrogates), HTML and
// SQL in names, oversized payloads, and ids that are not uuids or belong to nobody. Each refusal is
// an ActionResult with a known code and a message (never a throw), and writes nothing: a digest of
// every row of both workspaces is the same before and after. An input that is still valid may
// succeed; then what it stored must be exactly what was sent.
import "../../support/actions";
import { randomUUID } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  apiKeys,
  invitations,
  memberLimitRequests,
  memberships,
  users,
  webhookEndpoints,
  workspaceBillingDetails,
  workspaces,
  type User,
} from "@/db/schema";
import type { ActionErrorCode, ActionResult } from "@/lib/actions/action-client";
import { verifyLedger } from "@/lib/ledger/verify";
import { actAs, listActionNames } from "../../support/actions";
import { makeTeam } from "../../support/access";
import { testDb } from "../../support/db";
import { FUZZ_RUNS, hostileNumber, hostileString, hostileValue } from "../../support/fuzz";
import { actionFixture, workspaceDigest, type Fixture } from "../../support/action-fixture";

const RUNS = Math.max(10, Math.round(FUZZ_RUNS / 2));

const CODES: ActionErrorCode[] = [
  "unauthenticated",
  "forbidden",
  "not_found",
  "invalid_input",
  "conflict",
  "no_seats",
  "last_owner",
  "expired",
  "rate_limited",
];

type Input = Record<string, unknown>;
type Case = {
  action: string;
  load: () => Promise<(input: never) => Promise<ActionResult<unknown>>>;
  /** A valid input; the fuzz changes, drops or adds fields to it. */
  valid: (f: Fixture) => Input;
  /** Hostile (and some valid) values per field, beyond the generic ones. */
  fields?: (f: Fixture) => Record<string, fc.Arbitrary<unknown>>;
  /** When a changed input was still valid and the action succeeded: check what it stored. */
  stored?: (f: Fixture, input: Input, data: unknown) => Promise<void>;
  /** Who calls it (the owner unless said otherwise). */
  signedOut?: boolean;
  /** Someone else who calls it (the plain member for their own requests). */
  caller?: (f: Fixture) => User;
};

/** An id that is not a uuid, a uuid of nothing, or an id of the other workspace. */
const ids = (f: Fixture) =>
  fc.oneof(hostileString, fc.uuid(), fc.constantFrom(...f.strangerIds), hostileValue);
const amounts = fc.oneof(hostileNumber, hostileValue, fc.integer({ min: 0, max: 2_000_000 }));
const names = fc.oneof(
  hostileString,
  fc.constantFrom("Nørdwind ✨ Studio", "שלום עולם", "  padded  ", "a\u0301\u0301b", "<b>bold</b> & co"),
);
const zones = fc.oneof(
  hostileString,
  fc.constantFrom("Europe/Berlin", "europe/berlin", "EST5EDT", "US/Pacific-New", "SystemV/AST4", "Etc/GMT+5"),
  fc.constantFrom(...Intl.supportedValuesOf("timeZone")),
);
const emails = fc.oneof(
  hostileString,
  fc.emailAddress(),
  fc.constantFrom("A@B.C", "<script>@x.test", "x@x.test\u0000", "ünï@cödé.test"),
);
const oneOf = (...values: unknown[]) => fc.oneof(fc.constantFrom(...values), hostileValue);

async function storedWorkspace(input: Input, where: { id?: string; slug?: string }) {
  const [row] = await testDb()
    .select()
    .from(workspaces)
    .where(where.id ? eq(workspaces.id, where.id) : eq(workspaces.slug, where.slug ?? ""));
  expect(row?.name).toBe(String(input.name).trim());
  expect(row?.timeZone).toBe(input.timeZone);
  // Every day and month is counted in this zone by SQL: PostgreSQL must know it too.
  await testDb().execute(sql`select now() at time zone ${String(row?.timeZone)}`);
}

/**
 * A number as the database gives it back: an integer column has no negative zero, so a -0 the action
 * accepts (fc.double makes one now and then) reads back as 0, and toBe (Object.is) tells them apart.
 */
function asStored(value: unknown): unknown {
  return value === 0 ? 0 : value;
}

const CASES: Case[] = [
  {
    action: "updateMemberLimitAction",
    load: async () => (await import("@/lib/actions/members/update-member-limit")).updateMemberLimitAction,
    valid: (f) => ({ workspaceId: f.workspaceId, membershipId: f.memberId, monthlyLimit: 5 }),
    fields: (f) => ({ membershipId: ids(f), monthlyLimit: amounts }),
    stored: async (f, input) => {
      const [row] = await testDb().select().from(memberships).where(eq(memberships.id, f.memberId));
      expect(row?.monthlyLimit).toBe(asStored(input.monthlyLimit));
    },
  },
  {
    action: "updateMemberLimitsAction",
    load: async () => (await import("@/lib/actions/members/update-member-limits")).updateMemberLimitsAction,
    valid: (f) => ({ workspaceId: f.workspaceId, membershipIds: [f.memberId], monthlyLimit: 5 }),
    fields: (f) => ({
      membershipIds: fc.oneof(
        fc.array(ids(f), { maxLength: 4 }),
        fc.constant([f.memberId, f.memberId]),
        hostileValue,
      ),
      monthlyLimit: amounts,
      countUsage: oneOf("month", "now", "later"),
    }),
    stored: async (f, input) => {
      const [row] = await testDb().select().from(memberships).where(eq(memberships.id, f.memberId));
      expect(row?.monthlyLimit).toBe(asStored(input.monthlyLimit));
    },
  },
  {
    action: "updateMemberTopUpAction",
    load: async () => (await import("@/lib/actions/members/update-member-top-up")).updateMemberTopUpAction,
    valid: (f) => ({ workspaceId: f.workspaceId, membershipId: f.memberId, mayUseTopUp: false }),
    fields: (f) => ({ membershipId: ids(f), mayUseTopUp: oneOf(true, false, "false", 0) }),
    stored: async (f, input) => {
      const [row] = await testDb().select().from(memberships).where(eq(memberships.id, f.memberId));
      expect(row?.mayUseTopUp).toBe(input.mayUseTopUp);
    },
  },
  {
    action: "updateMemberDefaultsAction",
    load: async () =>
      (await import("@/lib/actions/workspaces/update-member-defaults")).updateMemberDefaultsAction,
    valid: (f) => ({ workspaceId: f.workspaceId, defaultMonthlyLimit: 5, defaultMayUseTopUp: false }),
    fields: () => ({ defaultMonthlyLimit: amounts, defaultMayUseTopUp: oneOf(true, false, "yes", null) }),
    stored: async (f, input) => {
      const [row] = await testDb().select().from(workspaces).where(eq(workspaces.id, f.workspaceId));
      expect({ limit: row?.defaultMemberMonthlyLimit, topUp: row?.defaultMayUseTopUp }).toEqual({
        limit: input.defaultMonthlyLimit,
        topUp: input.defaultMayUseTopUp,
      });
    },
  },
  {
    action: "updateMemberRoleAction",
    load: async () => (await import("@/lib/actions/members/update-member-role")).updateMemberRoleAction,
    valid: (f) => ({ workspaceId: f.workspaceId, membershipId: f.memberId, role: "admin" }),
    fields: (f) => ({ membershipId: ids(f), role: oneOf("owner", "admin", "member", "OWNER", "superuser") }),
  },
  {
    action: "removeMemberAction",
    load: async () => (await import("@/lib/actions/members/remove-member")).removeMemberAction,
    valid: (f) => ({ workspaceId: f.workspaceId, membershipId: f.memberId }),
    fields: (f) => ({ membershipId: ids(f) }),
  },
  {
    action: "createInvitationAction",
    load: async () => (await import("@/lib/actions/invitations/create-invitation")).createInvitationAction,
    valid: (f) => ({ workspaceId: f.workspaceId, email: `fuzz-${f.tag}@team.test`, role: "member" }),
    fields: () => ({
      email: emails,
      role: oneOf("owner", "admin", "member"),
      monthlyLimit: fc.oneof(amounts, fc.constantFrom("default", null, "Default")),
      mayUseTopUp: oneOf(true, false, null, "no"),
    }),
    stored: async (f, input, data) => {
      const id = (data as { invitationId: string }).invitationId;
      const [row] = await testDb().select().from(invitations).where(eq(invitations.id, id));
      expect(row?.email).toBe(String(input.email).trim().toLowerCase());
    },
  },
  {
    action: "resendInvitationAction",
    load: async () => (await import("@/lib/actions/invitations/resend-invitation")).resendInvitationAction,
    valid: (f) => ({ workspaceId: f.workspaceId, invitationId: f.invitationId }),
    fields: (f) => ({ invitationId: ids(f) }),
  },
  {
    action: "revokeInvitationAction",
    load: async () => (await import("@/lib/actions/invitations/revoke-invitation")).revokeInvitationAction,
    valid: (f) => ({ workspaceId: f.workspaceId, invitationId: f.invitationId }),
    fields: (f) => ({ invitationId: ids(f) }),
  },
  {
    action: "acceptInvitationAction",
    load: async () => (await import("@/lib/actions/invitations/accept-invitation")).acceptInvitationAction,
    valid: () => ({ token: "x".repeat(43) }),
    fields: () => ({ token: fc.oneof(hostileString, fc.string({ minLength: 20, maxLength: 200 })) }),
  },
  {
    action: "updateWorkspaceAction",
    load: async () => (await import("@/lib/actions/workspaces/update-workspace")).updateWorkspaceAction,
    valid: (f) => ({ workspaceId: f.workspaceId, name: `Team ${f.tag}`, timeZone: "Europe/Berlin" }),
    fields: () => ({ name: names, timeZone: zones }),
    stored: (f, input) => storedWorkspace(input, { id: f.workspaceId }),
  },
  {
    action: "deleteWorkspaceAction",
    load: async () => (await import("@/lib/actions/workspaces/delete-workspace")).deleteWorkspaceAction,
    valid: (f) => ({ workspaceId: f.workspaceId, confirmName: "not the name" }),
    fields: () => ({ confirmName: names }),
  },
  {
    action: "createWorkspaceAction",
    load: async () => (await import("@/lib/actions/workspaces/create-workspace")).createWorkspaceAction,
    valid: () => ({ name: "Second workspace", timeZone: "UTC" }),
    fields: () => ({ name: names, timeZone: zones }),
    stored: (_f, input, data) => storedWorkspace(input, { slug: (data as { slug: string }).slug }),
  },
  {
    action: "signOutEverywhereAction",
    load: async () => (await import("@/lib/actions/auth/sign-out-everywhere")).signOutEverywhereAction,
    valid: () => ({}),
  },
  {
    // The fixture's owner has no password (as after an OAuth sign-up), so every call is refused.
    action: "changePasswordAction",
    load: async () => (await import("@/lib/actions/auth/change-password")).changePasswordAction,
    valid: () => ({
      currentPassword: "correct horse battery",
      newPassword: "another horse battery",
      confirmPassword: "another horse battery",
    }),
    fields: () => ({
      currentPassword: fc.oneof(hostileString, fc.string({ minLength: 1, maxLength: 300 })),
      newPassword: fc.oneof(hostileString, fc.string({ minLength: 8, maxLength: 300 })),
      confirmPassword: fc.oneof(hostileString, fc.string({ minLength: 8, maxLength: 300 })),
    }),
  },
  {
    action: "signUpAction",
    load: async () => (await import("@/lib/actions/auth/sign-up")).signUpAction,
    signedOut: true,
    valid: (f) => ({
      name: "New Person",
      email: `signup-${f.tag}-${randomUUID().slice(0, 6)}@team.test`,
      password: "correct horse battery",
      workspaceName: "Their workspace",
      timeZone: "UTC",
    }),
    fields: () => ({
      name: names,
      email: emails,
      password: fc.oneof(hostileString, fc.string({ minLength: 8, maxLength: 300 })),
      workspaceName: names,
      timeZone: zones,
      invitationToken: fc.oneof(hostileString, fc.string({ minLength: 20, maxLength: 200 })),
    }),
    stored: async (_f, input) => {
      const [user] = await testDb()
        .select()
        .from(users)
        .where(eq(users.email, String(input.email).trim().toLowerCase()));
      expect(user?.name).toBe(String(input.name).trim());
      expect(user?.passwordHash).not.toContain(String(input.password));
    },
  },
  {
    action: "startPurchaseAction",
    load: async () => (await import("@/lib/actions/credits/start-purchase")).startPurchaseAction,
    valid: (f) => ({ workspaceId: f.workspaceId, credits: 5_000, shownPriceCents: 5_000 }),
    fields: () => ({ credits: amounts, amountCents: amounts, shownPriceCents: amounts }),
  },
  {
    action: "completeTestCheckoutAction",
    load: async () =>
      (await import("@/lib/actions/credits/complete-test-checkout")).completeTestCheckoutAction,
    valid: (f) => ({
      workspaceId: f.workspaceId,
      sessionId: f.sessionId,
      action: "pay",
      cardNumber: "4000000000000002",
    }),
    fields: () => ({
      sessionId: fc.oneof(
        hostileString,
        fc.stringMatching(/^[a-f0-9]{32}$/).map((hex) => `cs_test_local_${hex}`),
      ),
      action: oneOf("pay", "cancel"),
      cardNumber: fc.oneof(hostileString, fc.constantFrom("4000 0000 0000 0002", "4242-4242", "４２４２")),
    }),
  },
  {
    // The fixture's purchase is pending: every input is refused (not paid, unknown, invalid), writing nothing.
    action: "reverseTestPaymentAction",
    load: async () => (await import("@/lib/actions/credits/reverse-test-payment")).reverseTestPaymentAction,
    valid: (f) => ({
      workspaceId: f.workspaceId,
      purchaseId: f.purchaseId,
      action: "refund",
      amountCents: 100,
    }),
    fields: (f) => ({
      purchaseId: ids(f),
      invoiceId: fc.oneof(
        hostileString,
        fc.constantFrom("in_test_local_1", "in_test_local_99999999999999999"),
      ),
      action: oneOf("refund", "open_dispute", "win", "lose"),
      amountCents: amounts,
    }),
  },
  {
    action: "openBillingPortalAction",
    load: async () => (await import("@/lib/actions/credits/open-billing-portal")).openBillingPortalAction,
    valid: (f) => ({ workspaceId: f.workspaceId }),
  },
  {
    action: "updateLowBalanceThresholdAction",
    load: async () =>
      (await import("@/lib/actions/credits/update-low-balance-threshold")).updateLowBalanceThresholdAction,
    valid: (f) => ({ workspaceId: f.workspaceId, threshold: 750 }),
    fields: () => ({ threshold: amounts }),
    stored: async (f, input) => {
      const [row] = await testDb().select().from(workspaces).where(eq(workspaces.id, f.workspaceId));
      expect(row?.lowBalanceThreshold).toBe(asStored(input.threshold));
    },
  },
  {
    action: "updateBillingDetailsAction",
    load: async () =>
      (await import("@/lib/actions/billing/update-billing-details")).updateBillingDetailsAction,
    valid: (f) => ({
      workspaceId: f.workspaceId,
      companyName: `Company ${f.tag}`,
      addressLine1: "Hauptstraße 1",
      city: "Berlin",
      postalCode: "10115",
      country: "DE",
      receiptEmail: `billing-${f.tag}@team.test`,
      taxId: "DE123456789",
    }),
    fields: () => ({
      companyName: names,
      addressLine1: names,
      addressLine2: names,
      city: names,
      postalCode: names,
      state: names,
      country: oneOf("DE", "de", "GB", "XX", "", "Germany"),
      receiptEmail: emails,
      taxId: fc.oneof(
        hostileString,
        fc.constantFrom(
          "DE123456789",
          "de 123 456 789",
          "GB123 4567 89",
          "FR12345678901",
          "123",
          "x".repeat(40),
        ),
      ),
    }),
    stored: async (f, input) => {
      const [row] = await testDb()
        .select()
        .from(workspaceBillingDetails)
        .where(eq(workspaceBillingDetails.workspaceId, f.workspaceId));
      const text = (value: unknown) =>
        typeof value === "string" && value.trim() !== "" ? value.trim() : null;
      expect(row?.companyName ?? null).toBe(text(input.companyName));
      expect(row?.city ?? null).toBe(text(input.city));
      expect(row?.country ?? null).toBe(text(input.country)?.toUpperCase() ?? null);
    },
  },
  {
    action: "saveAutoTopUpAction",
    load: async () => (await import("@/lib/actions/credits/save-auto-top-up")).saveAutoTopUpAction,
    valid: (f) => ({
      workspaceId: f.workspaceId,
      enabled: true,
      threshold: 1_000,
      credits: 5_000,
      monthlyCapCents: 100_000,
    }),
    fields: () => ({
      enabled: oneOf(true, false),
      threshold: amounts,
      credits: amounts,
      monthlyCapCents: amounts,
    }),
  },
  {
    action: "startCardSetupAction",
    load: async () => (await import("@/lib/actions/credits/start-card-setup")).startCardSetupAction,
    valid: (f) => ({ workspaceId: f.workspaceId }),
  },
  {
    action: "saveCardAction",
    load: async () => (await import("@/lib/actions/credits/save-card")).saveCardAction,
    valid: (f) => ({ workspaceId: f.workspaceId, testPaymentMethod: "pm_card_visa" }),
    fields: () => ({
      setupIntentId: fc.oneof(hostileString, fc.constant("seti_123")),
      testPaymentMethod: oneOf("pm_card_visa", "pm_card_authenticationRequired", "pm_card_visa "),
    }),
  },
  {
    action: "purchaseWithSavedCardAction",
    load: async () =>
      (await import("@/lib/actions/credits/purchase-with-saved-card")).purchaseWithSavedCardAction,
    valid: (f) => ({
      workspaceId: f.workspaceId,
      credits: 5_000,
      paymentMethodId: "pm_card_visa",
      requestId: f.purchaseId,
    }),
    fields: (f) => ({
      credits: amounts,
      paymentMethodId: fc.oneof(hostileString, fc.constantFrom("pm_card_visa", "pm_test_local_0", "pm_")),
      requestId: ids(f),
    }),
  },
  {
    action: "finishSavedCardPurchaseAction",
    load: async () =>
      (await import("@/lib/actions/credits/finish-saved-card-purchase")).finishSavedCardPurchaseAction,
    valid: (f) => ({ workspaceId: f.workspaceId, purchaseId: f.purchaseId, testOutcome: "authenticate" }),
    fields: (f) => ({ purchaseId: ids(f), testOutcome: oneOf("authenticate", "fail", "maybe") }),
  },
  {
    action: "resumeCheckoutAction",
    load: async () => (await import("@/lib/actions/credits/resume-checkout")).resumeCheckoutAction,
    valid: (f) => ({ workspaceId: f.workspaceId, purchaseId: f.purchaseId }),
    fields: (f) => ({ purchaseId: ids(f) }),
  },
  {
    action: "cancelCheckoutAction",
    load: async () => (await import("@/lib/actions/credits/cancel-checkout")).cancelCheckoutAction,
    valid: (f) => ({ workspaceId: f.workspaceId, purchaseId: f.purchaseId }),
    fields: (f) => ({ purchaseId: ids(f) }),
  },
  {
    action: "getCardOnFileAction",
    load: async () => (await import("@/lib/actions/payment-methods/get-card-on-file")).getCardOnFileAction,
    valid: (f) => ({ workspaceId: f.workspaceId }),
  },
  {
    action: "startAddingCardAction",
    load: async () => (await import("@/lib/actions/payment-methods/start-adding-card")).startAddingCardAction,
    valid: (f) => ({ workspaceId: f.workspaceId }),
  },
  {
    action: "addPaymentMethodAction",
    load: async () =>
      (await import("@/lib/actions/payment-methods/add-payment-method")).addPaymentMethodAction,
    valid: (f) => ({ workspaceId: f.workspaceId, testPaymentMethod: "pm_card_visa" }),
    fields: () => ({
      setupIntentId: fc.oneof(hostileString, fc.constant("seti_123")),
      testPaymentMethod: oneOf("pm_card_visa", "pm_card_authenticationRequired", "pm_card_visa "),
    }),
  },
  {
    action: "makeDefaultPaymentMethodAction",
    load: async () =>
      (await import("@/lib/actions/payment-methods/make-default-payment-method"))
        .makeDefaultPaymentMethodAction,
    valid: (f) => ({ workspaceId: f.workspaceId, paymentMethodId: "pm_card_visa" }),
    fields: () => ({
      paymentMethodId: fc.oneof(hostileString, fc.constantFrom("pm_card_visa", "pm_test_local_0")),
    }),
  },
  {
    action: "removePaymentMethodAction",
    load: async () =>
      (await import("@/lib/actions/payment-methods/remove-payment-method")).removePaymentMethodAction,
    valid: (f) => ({ workspaceId: f.workspaceId, paymentMethodId: "pm_card_visa" }),
    fields: () => ({
      paymentMethodId: fc.oneof(hostileString, fc.constantFrom("pm_card_visa", "pm_test_local_0")),
    }),
  },
  {
    action: "completeTestAuthenticationAction",
    load: async () =>
      (await import("@/lib/actions/credits/complete-test-authentication")).completeTestAuthenticationAction,
    valid: (f) => ({ workspaceId: f.workspaceId, purchaseId: f.purchaseId }),
    fields: (f) => ({ purchaseId: ids(f) }),
  },
  {
    // The fixture's auto top-up is off (a card, never switched on): every retry is refused, writing nothing.
    action: "retryAutoTopUpAction",
    load: async () => (await import("@/lib/actions/credits/retry-auto-top-up")).retryAutoTopUpAction,
    valid: (f) => ({ workspaceId: f.workspaceId }),
  },
  {
    action: "changePlanAction",
    load: async () => (await import("@/lib/actions/billing/change-plan")).changePlanAction,
    valid: (f) => ({ workspaceId: f.workspaceId, action: "change", plan: "enterprise", interval: "month" }),
    fields: () => ({
      action: oneOf("subscribe", "change", "cancel", "resume"),
      plan: oneOf("starter", "pro", "enterprise", "free"),
      interval: oneOf("month", "quarter", "year", "week"),
    }),
  },
  {
    action: "createApiKeyAction",
    load: async () => (await import("@/lib/actions/api-keys/create-api-key")).createApiKeyAction,
    valid: (f) => ({ workspaceId: f.workspaceId, name: "Renderer" }),
    fields: () => ({ name: names }),
    stored: async (_f, input, data) => {
      const { id, key } = data as { id: string; key: string };
      const [row] = await testDb().select().from(apiKeys).where(eq(apiKeys.id, id));
      expect(row?.name).toBe(String(input.name).trim());
      expect(row?.secretHash).not.toBe(key);
    },
  },
  {
    action: "revokeApiKeyAction",
    load: async () => (await import("@/lib/actions/api-keys/revoke-api-key")).revokeApiKeyAction,
    valid: (f) => ({ workspaceId: f.workspaceId, apiKeyId: f.apiKeyId }),
    fields: (f) => ({ apiKeyId: ids(f) }),
  },
  {
    action: "updateApiKeyBudgetAction",
    load: async () => (await import("@/lib/actions/api-keys/update-api-key-budget")).updateApiKeyBudgetAction,
    valid: (f) => ({
      workspaceId: f.workspaceId,
      apiKeyId: f.apiKeyId,
      monthlyCreditCap: 500,
      allowedModels: null,
    }),
    fields: (f) => ({
      apiKeyId: ids(f),
      monthlyCreditCap: fc.oneof(amounts, fc.constant(null)),
      allowedModels: fc.oneof(
        fc.constant(null),
        hostileValue,
        fc.array(hostileString, { maxLength: 4 }),
        fc.constantFrom(["image"], ["image:standard", "video"], ["image", "image"], []),
      ),
    }),
    stored: async (f, input) => {
      const [row] = await testDb().select().from(apiKeys).where(eq(apiKeys.id, f.apiKeyId));
      expect({ cap: row?.monthlyCreditCap, allowed: row?.allowedModels }).toEqual({
        cap: input.monthlyCreditCap,
        allowed: input.allowedModels,
      });
    },
  },
  {
    action: "updateApiKeyRateLimitAction",
    load: async () =>
      (await import("@/lib/actions/api-keys/update-api-key-rate-limit")).updateApiKeyRateLimitAction,
    valid: (f) => ({ workspaceId: f.workspaceId, apiKeyId: f.apiKeyId, limit: { perSecond: 20, burst: 60 } }),
    fields: (f) => ({
      apiKeyId: ids(f),
      limit: fc.oneof(
        fc.constant(null),
        hostileValue,
        fc.record({ perSecond: amounts, burst: amounts }),
        fc.record({
          perSecond: fc.integer({ min: 1, max: 10_000 }),
          burst: fc.integer({ min: 1, max: 100_000 }),
        }),
      ),
    }),
    stored: async (f, input) => {
      const [row] = await testDb().select().from(apiKeys).where(eq(apiKeys.id, f.apiKeyId));
      const limit = input.limit as { perSecond: number; burst: number } | null;
      expect({ perSecond: row?.rateLimitPerSecond, burst: row?.rateLimitBurst }).toEqual(
        limit ? { perSecond: limit.perSecond, burst: limit.burst } : { perSecond: null, burst: null },
      );
    },
  },
  {
    action: "markNotificationReadAction",
    load: async () =>
      (await import("@/lib/actions/notifications/mark-notification-read")).markNotificationReadAction,
    valid: (f) => ({ workspaceId: f.workspaceId, notificationId: f.notificationId }),
    fields: (f) => ({ notificationId: ids(f) }),
  },
  {
    action: "markAllNotificationsReadAction",
    load: async () =>
      (await import("@/lib/actions/notifications/mark-all-notifications-read"))
        .markAllNotificationsReadAction,
    valid: (f) => ({ workspaceId: f.workspaceId }),
  },
  {
    action: "updateEmailPreferenceAction",
    load: async () =>
      (await import("@/lib/actions/notifications/update-email-preference")).updateEmailPreferenceAction,
    valid: (f) => ({ workspaceId: f.workspaceId, type: "credit_balance_low", email: false }),
    fields: () => ({ type: oneOf("credit_balance_low", "test", "__proto__"), email: oneOf(true, false) }),
  },
  {
    action: "updateMemberAlertSubscriptionAction",
    load: async () =>
      (await import("@/lib/actions/notifications/update-member-alert-subscription"))
        .updateMemberAlertSubscriptionAction,
    valid: (f) => ({ workspaceId: f.workspaceId, on: true }),
    fields: () => ({ on: oneOf(true, false) }),
  },
  {
    action: "requestLimitIncreaseAction",
    load: async () =>
      (await import("@/lib/actions/members/request-limit-increase")).requestLimitIncreaseAction,
    valid: (f) => ({ workspaceId: f.workspaceId, amount: 100, reason: "For the launch" }),
    fields: () => ({ amount: amounts, reason: names }),
    caller: (f) => f.team.member.user,
    stored: async (f, input, data) => {
      const [row] = await testDb()
        .select()
        .from(memberLimitRequests)
        .where(eq(memberLimitRequests.id, (data as { requestId: string }).requestId));
      expect(row).toMatchObject({
        amount: input.amount,
        reason: String(input.reason).trim(),
        status: "open",
      });
    },
  },
  {
    action: "withdrawLimitRequestAction",
    load: async () =>
      (await import("@/lib/actions/members/withdraw-limit-request")).withdrawLimitRequestAction,
    valid: (f) => ({ workspaceId: f.workspaceId, requestId: f.limitRequestId }),
    fields: (f) => ({ requestId: ids(f) }),
    caller: (f) => f.team.member.user,
  },
  {
    action: "decideLimitRequestAction",
    load: async () => (await import("@/lib/actions/members/decide-limit-request")).decideLimitRequestAction,
    valid: (f) => ({ workspaceId: f.workspaceId, requestId: f.limitRequestId, decision: "deny", note: "No" }),
    fields: (f) => ({
      requestId: ids(f),
      decision: oneOf("approve_this_month", "approve_new_limit", "deny", "approve"),
      note: names,
    }),
    stored: async (f) => {
      const [row] = await testDb()
        .select()
        .from(memberLimitRequests)
        .where(eq(memberLimitRequests.id, f.limitRequestId));
      expect(row?.status).not.toBe("open");
    },
  },
  {
    action: "saveWebhookEndpointAction",
    load: async () =>
      (await import("@/lib/actions/notifications/save-webhook-endpoint")).saveWebhookEndpointAction,
    valid: (f) => ({ workspaceId: f.workspaceId, url: `https://hooks.example.test/${f.tag}` }),
    fields: () => ({
      url: fc.oneof(
        hostileString,
        fc.webUrl({ validSchemes: ["https", "http", "javascript", "file"] }),
        fc.constantFrom(
          "javascript:alert(1)",
          "http://evil.example/hook",
          "https://user:pw@hooks.example.test/",
          "https://hooks.example.test/\u0000",
          "https://hööks.example.test/ünï?q=<b>",
          `https://hooks.example.test/${"a".repeat(2_100)}`,
        ),
      ),
    }),
    stored: async (f, input) => {
      const [row] = await testDb()
        .select()
        .from(webhookEndpoints)
        .where(eq(webhookEndpoints.workspaceId, f.workspaceId));
      expect(row?.url).toBe(String(input.url).trim());
    },
  },
  {
    action: "removeWebhookEndpointAction",
    load: async () =>
      (await import("@/lib/actions/notifications/remove-webhook-endpoint")).removeWebhookEndpointAction,
    valid: (f) => ({ workspaceId: f.workspaceId }),
  },
  {
    action: "rotateWebhookSecretAction",
    load: async () =>
      (await import("@/lib/actions/notifications/rotate-webhook-secret")).rotateWebhookSecretAction,
    valid: (f) => ({ workspaceId: f.workspaceId }),
  },
  {
    action: "sendTestWebhookAction",
    load: async () => (await import("@/lib/actions/notifications/send-test-webhook")).sendTestWebhookAction,
    valid: (f) => ({ workspaceId: f.workspaceId }),
  },
];

const KEEP = Symbol("keep");
const DROP = Symbol("drop");

/** The valid input with fields changed, dropped or added, or something that is not an object at all. */
function mangled(f: Fixture, testCase: Case): fc.Arbitrary<unknown> {
  const valid = testCase.valid(f);
  if ("workspaceId" in valid) valid.workspaceId = f.workspaceId;
  const fields = testCase.fields?.(f) ?? {};
  const changes = Object.fromEntries(
    Object.keys({ ...valid, ...fields }).map((key) => {
      const rare = key === "workspaceId";
      const value = fields[key] ?? (rare ? ids(f) : hostileValue);
      return [
        key,
        fc.oneof(
          { weight: rare ? 12 : 3, arbitrary: fc.constant(KEEP) },
          { weight: 1, arbitrary: fc.constant(DROP) },
          { weight: rare ? 1 : 4, arbitrary: value },
        ),
      ];
    }),
  );
  const extra = fc.dictionary(
    fc.oneof(
      fc.string({ minLength: 1, maxLength: 20 }),
      fc.constantFrom("__proto__", "constructor", "role", "userId"),
    ),
    hostileValue,
    { maxKeys: 2 },
  );
  const changed = fc
    .record({ changes: fc.record(changes), extra: fc.option(extra) })
    .filter(({ changes: c, extra: e }) => e !== null || Object.values(c).some((v) => v !== KEEP))
    .map(({ changes: c, extra: e }) => {
      const input: Input = { ...valid };
      for (const [key, value] of Object.entries(c)) {
        if (value === DROP) delete input[key];
        else if (value !== KEEP) input[key] = value;
      }
      for (const [key, value] of Object.entries(e ?? {}))
        Object.defineProperty(input, key, { value, enumerable: true });
      return input;
    });
  const notAnObject = fc.oneof(
    hostileValue,
    fc.constantFrom(
      10n,
      Symbol("x"),
      () => valid,
      new Map(),
      Array.from({ length: 50_000 }, () => valid),
    ),
  );
  return fc.oneof({ weight: 12, arbitrary: changed }, { weight: 1, arbitrary: notAnObject });
}

let stranger: Awaited<ReturnType<typeof makeTeam>>;
let sent = 0;

beforeAll(async () => {
  stranger = await makeTeam();
});

afterAll(() => console.log(`action fuzz: ${sent} hostile calls`));

it("fuzzes every server action in lib/actions", async () => {
  expect(await listActionNames()).toEqual(CASES.map((c) => c.action).sort());
});

describe.each(CASES)("$action under hostile input", (testCase) => {
  it("refuses cleanly, writes nothing, and stores exactly what it accepts", async () => {
    const f = await actionFixture(stranger);
    const action = await testCase.load();
    let digest = await workspaceDigest(f);
    await fc.assert(
      fc.asyncProperty(mangled(f, testCase), async (input) => {
        actAs(testCase.signedOut ? null : (testCase.caller?.(f) ?? f.owner));
        let result: ActionResult<unknown>;
        sent += 1;
        try {
          result = await action(input as never);
        } catch (error) {
          throw new Error(`threw instead of refusing: ${String(error)}`);
        }
        if (result.ok) {
          await testCase.stored?.(f, input as Input, result.data);
          digest = await workspaceDigest(f);
          return;
        }
        expect(CODES).toContain(result.error.code);
        expect(result.error.message.length).toBeGreaterThan(0);
        expect(result.error.message).not.toMatch(/\n\s+at |postgres|syntax error/i);
        expect(await workspaceDigest(f)).toBe(digest);
      }),
      { numRuns: RUNS },
    );
    expect(await verifyLedger(testDb(), { workspaceId: f.workspaceId })).toEqual([]);
  });
});
