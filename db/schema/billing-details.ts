// Who a workspace's receipts are made out to, and the test-mode stand-in's record of what it would
// have sent to the Stripe customer (so tests and the demo can see the customer update happen).
import { sql } from "drizzle-orm";
import { check, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { users } from "./users";
import { workspaces } from "./workspaces";

/** The workspace's billing details: one row, set by owners, printed on every receipt. */
export const workspaceBillingDetails = pgTable(
  "workspace_billing_details",
  {
    workspaceId: uuid()
      .primaryKey()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    companyName: text(),
    addressLine1: text(),
    addressLine2: text(),
    city: text(),
    postalCode: text(),
    state: text(),
    /** ISO 3166-1 alpha-2 (DE, US, ...). */
    country: text(),
    /** Where receipts are sent (also the Stripe customer's email). */
    receiptEmail: text(),
    /** As the owner typed it, upper-cased and trimmed; validated for the country where a library can. */
    taxId: text(),
    updatedByUserId: uuid().references(() => users.id, { onDelete: "set null" }),
    updatedAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [
    check("workspace_billing_details_country_code", sql`${t.country} IS NULL OR ${t.country} ~ '^[A-Z]{2}$'`),
  ],
);

/**
 * The test-mode stand-in's customer: the last update Creditpool would have sent to Stripe's
 * customers.update (and the tax ids it would have created), as Stripe's own record would show it.
 */
export const testModeCustomers = pgTable("test_mode_customers", {
  workspaceId: uuid()
    .primaryKey()
    .references(() => workspaces.id, { onDelete: "cascade" }),
  customerId: text().notNull(),
  /** The customers.update parameters: name, email, address. */
  details: jsonb().notNull(),
  /** The tax ids: [{ type, value }] (empty: none). */
  taxIds: jsonb().notNull(),
  updatedAt: timestamp({ withTimezone: true }).notNull(),
});

export type WorkspaceBillingDetails = typeof workspaceBillingDetails.$inferSelect;
export type NewWorkspaceBillingDetails = typeof workspaceBillingDetails.$inferInsert;
export type TestModeCustomer = typeof testModeCustomers.$inferSelect;
