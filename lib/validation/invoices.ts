import { z } from "zod";
import { saneDay } from "@/lib/validation/dates";

/** The longest the Invoices list may page (25 a page: the newest 5,000 payments). */
export const MAX_INVOICE_PAGE = 200;

/**
 * The Invoices list's filters from the URL: what was paid for, how it stands, and a date range in
 * the workspace's time zone. Anything malformed or unknown is dropped, never trusted.
 */
export const invoiceFilterSchema = z.object({
  kind: z.enum(["purchase", "auto_top_up", "plan"]).optional().catch(undefined),
  status: z
    .enum(["paid", "partially_refunded", "refunded", "disputed", "open", "failed", "cancelled"])
    .optional()
    .catch(undefined),
  from: saneDay.optional().catch(undefined),
  to: saneDay.optional().catch(undefined),
});
export type InvoiceFilterParams = z.infer<typeof invoiceFilterSchema>;

export const invoicePageSchema = z.coerce.number().int().min(1).max(MAX_INVOICE_PAGE).catch(1);

/** A receipt's id in a URL: a purchase's uuid, or a plan invoice's id (Stripe's or the stand-in's). */
export const receiptIdSchema = z.union([z.uuid(), z.string().regex(/^in_[A-Za-z0-9_]{1,100}$/)]);
