import "server-only";
import type { Database } from "@/db";
import { autoTopUpSpendSince, getAutoTopUpSettings, getLastAutoTopUp } from "@/db/queries/auto-top-up";
import type { Workspace } from "@/db/schema";
import {
  DEFAULT_AUTO_TOP_UP,
  SWITCHED_OFF_AFTER_FAILURES,
  allowsAutoTopUp,
  autoTopUpPriceCents,
  monthStartIn,
} from "@/lib/billing/auto-top-up";

export type AutoTopUpAttempt = {
  id: string;
  status: "pending" | "paid" | "failed" | "expired";
  credits: number;
  amountCents: number;
  failureCode: string | null;
  failureMessage: string | null;
  createdAt: string;
  /** The bank asked for authentication and the owner has not finished it yet. */
  needsAuthentication: boolean;
};

/** What the Auto Top-Up section of the Credits card shows (and the dialog starts from). */
export type AutoTopUpStatus = {
  isAvailable: boolean;
  isEnabled: boolean;
  threshold: number;
  credits: number;
  amountCents: number;
  monthlyCapCents: number | null;
  paymentMethod: { brand: string; last4: string } | null;
  monthSpentCents: number;
  /** A top-up was not started this month because it would have passed the cap. */
  isCapReached: boolean;
  switchedOffAfterFailures: boolean;
  consecutiveFailures: number;
  lastAttempt: AutoTopUpAttempt | null;
};

export async function getAutoTopUpStatus(
  ctx: { db: Database; now: Date },
  workspace: Workspace,
): Promise<AutoTopUpStatus> {
  const monthStart = monthStartIn(workspace.timeZone, ctx.now);
  const [settings, monthSpentCents, last] = await Promise.all([
    getAutoTopUpSettings(ctx.db, workspace.id),
    autoTopUpSpendSince(ctx.db, workspace.id, monthStart),
    getLastAutoTopUp(ctx.db, workspace.id),
  ]);
  const credits = settings?.credits ?? DEFAULT_AUTO_TOP_UP.credits;
  return {
    isAvailable: allowsAutoTopUp(workspace),
    isEnabled: settings?.isEnabled ?? false,
    threshold: settings?.threshold ?? DEFAULT_AUTO_TOP_UP.threshold,
    credits,
    amountCents: settings?.amountCents ?? autoTopUpPriceCents(credits) ?? 0,
    monthlyCapCents: settings?.monthlyCapCents ?? null,
    paymentMethod:
      settings?.paymentMethodId && settings.paymentMethodLast4
        ? { brand: settings.paymentMethodBrand ?? "card", last4: settings.paymentMethodLast4 }
        : null,
    monthSpentCents,
    isCapReached: Boolean(settings?.capReachedAt && settings.capReachedAt >= monthStart),
    switchedOffAfterFailures:
      !settings?.isEnabled && settings?.disabledReason === SWITCHED_OFF_AFTER_FAILURES,
    consecutiveFailures: settings?.consecutiveFailures ?? 0,
    lastAttempt: last
      ? {
          id: last.id,
          status: last.status,
          credits: last.credits,
          amountCents: last.amountCents,
          failureCode: last.failureCode,
          failureMessage: last.failureMessage,
          createdAt: last.createdAt.toISOString(),
          needsAuthentication: last.status === "failed" && last.failureCode === "authentication_required",
        }
      : null,
  };
}
