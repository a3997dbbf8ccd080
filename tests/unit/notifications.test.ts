import { describe, expect, it } from "vitest";
import { retryDelayMs } from "@/lib/notifications/backoff";
import { describeCreditEvent, renderCreditEventEmail } from "@/lib/notifications/messages";
import { computeSignature, signatureHeader, verifySignature } from "@/lib/notifications/webhook-signature";
import { webhookUrlSchema } from "@/lib/validation/notifications";

describe("credit event words", () => {
  it("says each event in plain words with its figures", () => {
    expect(describeCreditEvent("credit_balance_low", { balance: 420, threshold: 500 }).body).toBe(
      "Balance is low: 420 credits left, below your 500 threshold.",
    );
    expect(describeCreditEvent("credit_balance_low", { balance: 1, threshold: 12_000 }).body).toBe(
      "Balance is low: 1 credit left, below your 12,000 threshold.",
    );
    expect(
      describeCreditEvent("credit_auto_recharge_triggered", {
        credits: 10_000,
        amountCents: 10_000,
        currency: "usd",
      }).body,
    ).toBe("Auto top-up added 10,000 credits for $100.00.");
    expect(
      describeCreditEvent("credit_purchase_failed", {
        credits: 5_000,
        kind: "auto_top_up",
        reason: "card_declined",
        message: "Your card was declined.",
      }),
    ).toMatchObject({
      title: "Auto top-up failed",
      body: "An auto top-up of 5,000 credits failed: Your card was declined.",
    });
    expect(
      describeCreditEvent("credit_purchase_failed", { credits: 5_000, reason: "expired_card" }).body,
    ).toBe("A purchase of 5,000 credits failed: expired card.");
  });

  it("links an auto top-up that needs authentication to the page that finishes it", () => {
    const message = describeCreditEvent("credit_purchase_failed", {
      kind: "auto_top_up",
      credits: 250_000,
      reason: "authentication_required",
      actionPath: "/w/northwind/settings/billing/auto-top-up/4f1c",
    });
    expect(message.path).toBe("/settings/billing/auto-top-up/4f1c");
    expect(message.body).toMatch(/Finish the payment to add the credits\.$/);
    // Anything else that looks like a path is not followed.
    expect(
      describeCreditEvent("credit_purchase_failed", { credits: 1, actionPath: "https://evil.test/x" }).path,
    ).toBe("/settings/billing");
  });

  it("reads missing or odd payload fields as 'some' instead of failing", () => {
    expect(describeCreditEvent("credit_balance_low", { balance: "x" }).body).toBe(
      "Balance is low: some credits left, below your some threshold.",
    );
  });

  it("renders an email with a link to act on it and to the preferences", () => {
    const email = renderCreditEventEmail({
      type: "credit_balance_depleted",
      payload: {},
      workspaceName: "Northwind",
      workspaceUrl: "https://app.example/w/northwind",
    });
    expect(email.subject).toBe("Credits ran out · Northwind");
    expect(email.text).toContain("https://app.example/w/northwind/settings/billing");
    expect(email.text).toContain("https://app.example/w/northwind/settings/notifications");
  });
});

describe("webhook signatures", () => {
  const secret = "whsec_unit";
  const body = '{"id":"evt","type":"test"}';
  const at = new Date("2026-05-04T09:00:00Z");

  it("is t=<unix>,v1=HMAC-SHA256(secret, t.body) and verifies", () => {
    const header = signatureHeader(secret, body, at);
    expect(header).toBe(`t=1777885200,v1=${computeSignature(secret, 1777885200, body)}`);
    expect(verifySignature(header, body, secret, at)).toEqual({ ok: true, timestamp: 1777885200 });
  });

  it("refuses a wrong secret, a changed body, an old timestamp and a malformed header", () => {
    const header = signatureHeader(secret, body, at);
    expect(verifySignature(header, body, "whsec_other", at).ok).toBe(false);
    expect(verifySignature(header, body.replace("test", "tesT"), secret, at).ok).toBe(false);
    expect(verifySignature(header, body, secret, new Date(at.getTime() + 301_000))).toEqual({
      ok: false,
      reason: "timestamp too old",
    });
    expect(verifySignature("v1=abc", body, secret, at)).toEqual({ ok: false, reason: "malformed header" });
    expect(verifySignature(null, body, secret, at).ok).toBe(false);
  });
});

describe("retry backoff", () => {
  it("doubles from 30 s with half of each wait random, capped at 6 h", () => {
    expect(retryDelayMs(1, () => 0)).toBe(15_000);
    expect(retryDelayMs(1, () => 1)).toBe(30_000);
    expect(retryDelayMs(2, () => 0.5)).toBe(45_000);
    expect(retryDelayMs(4, () => 1)).toBe(240_000);
    expect(retryDelayMs(30, () => 1)).toBe(6 * 60 * 60 * 1000);
    for (let attempt = 1; attempt < 10; attempt += 1) {
      const delay = retryDelayMs(attempt);
      const full = Math.min(6 * 60 * 60 * 1000, 30_000 * 2 ** (attempt - 1));
      expect(delay).toBeGreaterThanOrEqual(full / 2);
      expect(delay).toBeLessThanOrEqual(full);
    }
  });
});

describe("webhook URL", () => {
  it("takes https anywhere and http only on this machine", () => {
    for (const ok of ["https://example.com/hooks", "http://localhost:4000/x", "http://127.0.0.1/x"]) {
      expect(webhookUrlSchema.safeParse(ok).success, ok).toBe(true);
    }
    for (const bad of [
      "http://example.com/x",
      "ftp://example.com",
      "example.com",
      "https://a:b@example.com",
      "",
    ]) {
      expect(webhookUrlSchema.safeParse(bad).success, bad).toBe(false);
    }
  });
});
