// Tax ids on receipts and on the Stripe customer. Where the `validator` library knows a country's
// VAT or tax number format (isVAT), an id must match it; elsewhere it is free text within a length
// bound. The same table says which Stripe tax id type the number is sent as.
import isVAT from "validator/lib/isVAT";

export const MAX_TAX_ID_LENGTH = 32;

type VatCountry = Parameters<typeof isVAT>[1];

/**
 * Countries whose format is checked, by ISO code, with validator's code (Greece is EL in VAT
 * numbers) and the Stripe tax id type for customers.createTaxId.
 */
const CHECKED: Record<string, { vat: VatCountry; stripe: string }> = {
  AT: { vat: "AT", stripe: "eu_vat" },
  BE: { vat: "BE", stripe: "eu_vat" },
  BG: { vat: "BG", stripe: "eu_vat" },
  HR: { vat: "HR", stripe: "eu_vat" },
  CY: { vat: "CY", stripe: "eu_vat" },
  CZ: { vat: "CZ", stripe: "eu_vat" },
  DK: { vat: "DK", stripe: "eu_vat" },
  EE: { vat: "EE", stripe: "eu_vat" },
  FI: { vat: "FI", stripe: "eu_vat" },
  FR: { vat: "FR", stripe: "eu_vat" },
  DE: { vat: "DE", stripe: "eu_vat" },
  GR: { vat: "EL", stripe: "eu_vat" },
  HU: { vat: "HU", stripe: "eu_vat" },
  IE: { vat: "IE", stripe: "eu_vat" },
  IT: { vat: "IT", stripe: "eu_vat" },
  LV: { vat: "LV", stripe: "eu_vat" },
  LT: { vat: "LT", stripe: "eu_vat" },
  LU: { vat: "LU", stripe: "eu_vat" },
  MT: { vat: "MT", stripe: "eu_vat" },
  NL: { vat: "NL", stripe: "eu_vat" },
  PL: { vat: "PL", stripe: "eu_vat" },
  PT: { vat: "PT", stripe: "eu_vat" },
  RO: { vat: "RO", stripe: "eu_vat" },
  SK: { vat: "SK", stripe: "eu_vat" },
  SI: { vat: "SI", stripe: "eu_vat" },
  ES: { vat: "ES", stripe: "eu_vat" },
  SE: { vat: "SE", stripe: "eu_vat" },
  AL: { vat: "AL", stripe: "al_tin" },
  MK: { vat: "MK", stripe: "mk_vat" },
  AU: { vat: "AU", stripe: "au_abn" },
  BY: { vat: "BY", stripe: "by_tin" },
  CA: { vat: "CA", stripe: "ca_bn" },
  IS: { vat: "IS", stripe: "is_vat" },
  IN: { vat: "IN", stripe: "in_gst" },
  ID: { vat: "ID", stripe: "id_npwp" },
  IL: { vat: "IL", stripe: "il_vat" },
  KZ: { vat: "KZ", stripe: "kz_bin" },
  NZ: { vat: "NZ", stripe: "nz_gst" },
  NG: { vat: "NG", stripe: "ng_tin" },
  NO: { vat: "NO", stripe: "no_vat" },
  PH: { vat: "PH", stripe: "ph_tin" },
  RU: { vat: "RU", stripe: "ru_inn" },
  SM: { vat: "SM", stripe: "sm_coe" },
  SA: { vat: "SA", stripe: "sa_vat" },
  RS: { vat: "RS", stripe: "rs_pib" },
  CH: { vat: "CH", stripe: "ch_vat" },
  TR: { vat: "TR", stripe: "tr_tin" },
  UA: { vat: "UA", stripe: "ua_vat" },
  GB: { vat: "GB", stripe: "gb_vat" },
  UZ: { vat: "UZ", stripe: "uz_vat" },
  AR: { vat: "AR", stripe: "ar_cuit" },
  BO: { vat: "BO", stripe: "bo_tin" },
  BR: { vat: "BR", stripe: "br_cnpj" },
  CL: { vat: "CL", stripe: "cl_tin" },
  CO: { vat: "CO", stripe: "co_nit" },
  CR: { vat: "CR", stripe: "cr_tin" },
  EC: { vat: "EC", stripe: "ec_ruc" },
  SV: { vat: "SV", stripe: "sv_nit" },
  MX: { vat: "MX", stripe: "mx_rfc" },
  PE: { vat: "PE", stripe: "pe_ruc" },
  DO: { vat: "DO", stripe: "do_rcn" },
  UY: { vat: "UY", stripe: "uy_ruc" },
  VE: { vat: "VE", stripe: "ve_rif" },
};

/** The countries whose tax id format is checked, by ISO code. */
export const TAX_ID_CHECKED_COUNTRIES: readonly string[] = Object.keys(CHECKED).sort();

/** Upper case, trimmed, inner runs of spaces made one: how a tax id is stored and printed. */
export function normalizeTaxId(value: string): string {
  return value.trim().toUpperCase().replace(/\s+/g, " ");
}

/**
 * Whether `taxId` (normalized) is a valid number for `country`: checked against validator's format
 * where it has one, either as typed or without spaces, dots and dashes; any other country only
 * bounds the length.
 */
export function isValidTaxId(taxId: string, country: string | null): boolean {
  if (taxId.length === 0 || taxId.length > MAX_TAX_ID_LENGTH) return false;
  const checked = country ? CHECKED[country] : undefined;
  if (!checked) return true;
  const compact = taxId.replace(/[\s.-]/g, "");
  return isVAT(taxId, checked.vat) || isVAT(compact, checked.vat);
}

/** Whether the country's tax id format is checked (the form says so under the field). */
export function isTaxIdChecked(country: string | null): boolean {
  return country !== null && Object.hasOwn(CHECKED, country);
}

/** The Stripe tax id type for a country's number (null: none maps; the id stays on receipts only). */
export function stripeTaxIdType(country: string | null): string | null {
  return country ? (CHECKED[country]?.stripe ?? null) : null;
}
