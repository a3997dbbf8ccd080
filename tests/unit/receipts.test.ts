// Receipt figures, numbering and tax ids: pure rules, no database.
import isVAT from "validator/lib/isVAT";
import { describe, expect, it } from "vitest";
import { COUNTRY_CODES, countryName, isCountryCode } from "@/lib/billing/countries";
import {
  TAX_ID_CHECKED_COUNTRIES,
  isTaxIdChecked,
  isValidTaxId,
  normalizeTaxId,
  stripeTaxIdType,
} from "@/lib/billing/tax-id";
import { customerBillingUpdate } from "@/lib/payments/customer";
import { paidStatus, receiptNumber, receiptTotals, type ReversalFigures } from "@/lib/receipts/figures";
import { toWinAnsi } from "@/lib/receipts/pdf";
import { billingDetailsInput } from "@/lib/validation/billing-details";
import { invoiceFilterSchema, invoicePageSchema, receiptIdSchema } from "@/lib/validation/invoices";

const refund = (amountCents: number, status = "succeeded", credits = 0): ReversalFigures => ({
  kind: "refund",
  status,
  amountCents,
  credits,
});
const dispute = (amountCents: number, status: string, credits = 0): ReversalFigures => ({
  kind: "dispute",
  status,
  amountCents,
  credits,
});

describe("receipt numbers", () => {
  it("are CP-<year paid in the workspace's zone>-<grant entry id>, six digits at least", () => {
    expect(receiptNumber(new Date("2026-06-01T10:00:00Z"), "UTC", 42)).toBe("CP-2026-000042");
    expect(receiptNumber(new Date("2026-06-01T10:00:00Z"), "UTC", 12_345_678)).toBe("CP-2026-12345678");
  });

  it("take the year of the workspace's time zone: New Year's Eve in UTC is already next year in Berlin", () => {
    const at = new Date("2026-12-31T23:30:00Z");
    expect(receiptNumber(at, "UTC", 7)).toBe("CP-2026-000007");
    expect(receiptNumber(at, "Europe/Berlin", 7)).toBe("CP-2027-000007");
  });

  it("are the same every time and differ for different payments", () => {
    const at = new Date("2026-03-10T12:00:00Z");
    expect(receiptNumber(at, "UTC", 99)).toBe(receiptNumber(at, "UTC", 99));
    const numbers = new Set(Array.from({ length: 500 }, (_, i) => receiptNumber(at, "UTC", i + 1)));
    expect(numbers.size).toBe(500);
  });
});

describe("receipt totals", () => {
  it("subtract only refunds that went through and disputes lost", () => {
    const reversals = [
      refund(1_000, "succeeded", 100),
      refund(2_000, "pending", 200),
      refund(500, "failed"),
      dispute(3_000, "open"),
      dispute(4_000, "won"),
      dispute(1_500, "lost", 150),
    ];
    expect(receiptTotals(10_000, reversals)).toEqual({
      paidCents: 10_000,
      refundedCents: 2_500,
      netCents: 7_500,
      creditsTakenBack: 250,
      taxCents: 0,
    });
  });

  it("never go below zero, whatever the provider reported", () => {
    expect(receiptTotals(5_000, [refund(3_000), refund(3_000)])).toMatchObject({
      refundedCents: 5_000,
      netCents: 0,
    });
  });

  it("give a paid payment's status from its reversals", () => {
    expect(paidStatus(5_000, [])).toBe("paid");
    expect(paidStatus(5_000, [refund(1_000)])).toBe("partially_refunded");
    expect(paidStatus(5_000, [refund(1_000), refund(4_000)])).toBe("refunded");
    expect(paidStatus(5_000, [dispute(5_000, "open")])).toBe("disputed");
    expect(paidStatus(5_000, [dispute(5_000, "won")])).toBe("paid");
    expect(paidStatus(5_000, [dispute(5_000, "lost")])).toBe("refunded");
    expect(paidStatus(5_000, [refund(5_000, "pending")])).toBe("paid");
  });
});

describe("tax ids", () => {
  it("are checked against the country's format where validator knows it", () => {
    expect(isValidTaxId("DE123456789", "DE")).toBe(true);
    expect(isValidTaxId("DE12345678", "DE")).toBe(false);
    expect(isValidTaxId(normalizeTaxId("  de 123  456 789 "), "DE")).toBe(true);
    expect(isValidTaxId("FR12345678901", "FR")).toBe(true);
    expect(isValidTaxId("EL123456789", "GR")).toBe(true);
    expect(isValidTaxId("GB123 4567 89", "GB")).toBe(true);
    expect(isValidTaxId("123456789MVA", "NO")).toBe(true);
    expect(isValidTaxId("DE123456789", "FR")).toBe(false);
  });

  it("are free text within 32 characters elsewhere", () => {
    expect(isTaxIdChecked("US")).toBe(false);
    expect(isValidTaxId("12-3456789", "US")).toBe(true);
    expect(isValidTaxId("anything at all", null)).toBe(true);
    expect(isValidTaxId("x".repeat(33), "US")).toBe(false);
  });

  it("name only countries validator checks, each with a Stripe type", () => {
    for (const country of TAX_ID_CHECKED_COUNTRIES) {
      expect(isCountryCode(country), country).toBe(true);
      // validator throws for a country it does not know.
      expect(() => isValidTaxId("X1", country), country).not.toThrow();
      expect(stripeTaxIdType(country), country).toMatch(/^[a-z]{2}_[a-z_]+$/);
    }
    expect(() => isVAT("1", "US" as never)).toThrow();
    expect(stripeTaxIdType("US")).toBeNull();
  });
});

describe("countries", () => {
  it("are the 249 ISO 3166-1 alpha-2 codes, each named", () => {
    expect(COUNTRY_CODES).toHaveLength(249);
    expect(countryName("DE")).toBe("Germany");
    expect(COUNTRY_CODES.every((code) => countryName(code) !== code)).toBe(true);
  });
});

describe("billing details input", () => {
  const workspaceId = "00000000-0000-4000-8000-000000000001";

  it("stores empty fields as none and normalizes the rest", () => {
    const parsed = billingDetailsInput.parse({
      workspaceId,
      companyName: "  Northwind GmbH ",
      addressLine1: "Hauptstraße 1",
      country: "de",
      receiptEmail: "Billing@Northwind.Test",
      taxId: " de123456789 ",
      city: "",
    });
    expect(parsed).toEqual({
      workspaceId,
      companyName: "Northwind GmbH",
      addressLine1: "Hauptstraße 1",
      addressLine2: null,
      city: null,
      postalCode: null,
      state: null,
      country: "DE",
      receiptEmail: "billing@northwind.test",
      taxId: "DE123456789",
    });
  });

  it("refuses a bad tax id for the country, naming it, and an address without its country", () => {
    const bad = billingDetailsInput.safeParse({ workspaceId, country: "DE", taxId: "DE1" });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues.map((i) => [i.path.join("."), i.message])).toEqual([
      ["taxId", "That is not a valid tax ID for Germany"],
    ]);
    const noCountry = billingDetailsInput.safeParse({ workspaceId, addressLine1: "1 Main St" });
    expect(noCountry.error?.issues[0]?.path).toEqual(["country"]);
    expect(billingDetailsInput.safeParse({ workspaceId, country: "XX" }).success).toBe(false);
    expect(billingDetailsInput.safeParse({ workspaceId, receiptEmail: "not an email" }).success).toBe(false);
  });

  it("becomes the customer update: company or workspace name, the address, a typed tax id", () => {
    const details = billingDetailsInput.parse({
      workspaceId,
      addressLine1: "1 Rue de Rivoli",
      postalCode: "75001",
      city: "Paris",
      country: "FR",
      taxId: "FR12345678901",
    });
    expect(customerBillingUpdate(details, "Northwind Studio")).toEqual({
      name: "Northwind Studio",
      email: null,
      address: {
        line1: "1 Rue de Rivoli",
        line2: null,
        city: "Paris",
        postalCode: "75001",
        state: null,
        country: "FR",
      },
      taxId: { type: "eu_vat", value: "FR12345678901" },
    });
    const us = billingDetailsInput.parse({
      workspaceId,
      companyName: "Acme",
      country: "US",
      taxId: "12-3456789",
    });
    expect(customerBillingUpdate(us, "x")).toMatchObject({ name: "Acme", address: null, taxId: null });
  });
});

describe("the Invoices list's URL", () => {
  it("drops unknown and malformed filters instead of failing", () => {
    expect(
      invoiceFilterSchema.parse({ kind: "plan", status: "nope", from: "2026-02-30", to: "9999-01-01" }),
    ).toEqual({ kind: "plan" });
    expect(invoicePageSchema.parse("3")).toBe(3);
    for (const page of ["0", "-1", "1e309", "NaN", "201", "2.5", "x"])
      expect(invoicePageSchema.parse(page)).toBe(1);
  });

  it("takes a purchase's uuid or an invoice id as a receipt id, and nothing else", () => {
    expect(receiptIdSchema.safeParse("00000000-0000-4000-8000-000000000001").success).toBe(true);
    expect(receiptIdSchema.safeParse("in_test_local_42").success).toBe(true);
    for (const bad of ["in_", "../x", "in_a/b", `in_${"a".repeat(101)}`, "cs_test_local_x"])
      expect(receiptIdSchema.safeParse(bad).success, bad).toBe(false);
  });
});

describe("PDF text", () => {
  it("keeps WinAnsi characters and prints any other as ?", () => {
    expect(toWinAnsi("Müller & Søn — €5")).toBe("Müller & Søn — €5");
    expect(toWinAnsi("東京 😀\u0000")).toBe("?? ??");
  });
});
