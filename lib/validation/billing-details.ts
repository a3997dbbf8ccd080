import { z } from "zod";
import { countryName, isCountryCode } from "@/lib/billing/countries";
import { MAX_TAX_ID_LENGTH, isTaxIdChecked, isValidTaxId, normalizeTaxId } from "@/lib/billing/tax-id";

/** A line of text: trimmed, empty means none, bounded. */
const line = (label: string, max: number) =>
  z
    .string()
    .trim()
    .max(max, `${label} can be at most ${max} characters`)
    .transform((value) => (value === "" ? null : value))
    .nullable()
    .optional()
    .transform((value) => value ?? null);

/**
 * Billing details (owners): who receipts are made out to. Every field may be left empty; an address
 * needs its first line and country together, and a tax id is checked against its country's format
 * where the `validator` library knows it (lib/billing/tax-id.ts).
 */
export const billingDetailsInput = z
  .object({
    workspaceId: z.uuid(),
    companyName: line("The company name", 200),
    addressLine1: line("Address line 1", 200),
    addressLine2: line("Address line 2", 200),
    city: line("The city", 100),
    postalCode: line("The postal code", 20),
    state: line("The state or region", 100),
    country: z
      .string()
      .trim()
      .toUpperCase()
      .refine((value) => value === "" || isCountryCode(value), "Pick a country from the list")
      .transform((value) => (value === "" ? null : value))
      .nullable()
      .optional()
      .transform((value) => value ?? null),
    receiptEmail: z
      .string()
      .trim()
      .max(254, "The email can be at most 254 characters")
      .refine((value) => value === "" || z.email().safeParse(value).success, "Enter an email address")
      .transform((value) => (value === "" ? null : value.toLowerCase()))
      .nullable()
      .optional()
      .transform((value) => value ?? null),
    taxId: z
      .string()
      .max(MAX_TAX_ID_LENGTH * 2, `The tax ID can be at most ${MAX_TAX_ID_LENGTH} characters`)
      .transform(normalizeTaxId)
      .refine(
        (value) => value.length <= MAX_TAX_ID_LENGTH,
        `The tax ID can be at most ${MAX_TAX_ID_LENGTH} characters`,
      )
      .transform((value) => (value === "" ? null : value))
      .nullable()
      .optional()
      .transform((value) => value ?? null),
  })
  .superRefine((input, issues) => {
    if (input.addressLine1 && !input.country)
      issues.addIssue({ code: "custom", path: ["country"], message: "Pick the address's country" });
    if (!input.addressLine1 && (input.addressLine2 || input.city || input.postalCode || input.state))
      issues.addIssue({
        code: "custom",
        path: ["addressLine1"],
        message: "Enter the first line of the address",
      });
    if (input.taxId && !isValidTaxId(input.taxId, input.country)) {
      const where =
        input.country && isTaxIdChecked(input.country) ? ` for ${countryName(input.country)}` : "";
      issues.addIssue({ code: "custom", path: ["taxId"], message: `That is not a valid tax ID${where}` });
    }
  });
