ALTER TYPE "public"."entry_code" ADD VALUE 'purchase_refund';--> statement-breakpoint
ALTER TYPE "public"."entry_code" ADD VALUE 'dispute_hold';--> statement-breakpoint
ALTER TYPE "public"."entry_code" ADD VALUE 'dispute_release';--> statement-breakpoint
ALTER TYPE "public"."entry_code" ADD VALUE 'debt_repayment';--> statement-breakpoint
ALTER TABLE "ledger_entries" DROP CONSTRAINT "ledger_entries_amount_non_zero";--> statement-breakpoint
ALTER TABLE "credit_accounts" ADD COLUMN "debt" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "credit_accounts" ADD COLUMN "disputed" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "credit_lots" ADD COLUMN "amount_disputed" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "ledger_entries" ADD COLUMN "owed" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "credit_accounts" ADD CONSTRAINT "credit_accounts_debt_range" CHECK ("credit_accounts"."debt" BETWEEN 0 AND 9007199254740991);--> statement-breakpoint
ALTER TABLE "credit_accounts" ADD CONSTRAINT "credit_accounts_disputed_range" CHECK ("credit_accounts"."disputed" BETWEEN 0 AND 9007199254740991);--> statement-breakpoint
ALTER TABLE "credit_lots" ADD CONSTRAINT "credit_lots_disputed_range" CHECK ("credit_lots"."amount_disputed" >= 0 AND "credit_lots"."amount_remaining" + "credit_lots"."amount_disputed" <= "credit_lots"."amount_granted");--> statement-breakpoint
ALTER TABLE "ledger_entries" ADD CONSTRAINT "ledger_entries_owed_by_code" CHECK (CASE "ledger_entries"."code"::text WHEN 'purchase_refund' THEN "ledger_entries"."owed" >= 0 AND "ledger_entries"."amount" <= 0
        WHEN 'debt_repayment' THEN "ledger_entries"."owed" = "ledger_entries"."amount" AND "ledger_entries"."owed" < 0 ELSE "ledger_entries"."owed" = 0 END);--> statement-breakpoint
ALTER TABLE "ledger_entries" ADD CONSTRAINT "ledger_entries_amount_non_zero" CHECK ("ledger_entries"."amount" <> 0 OR "ledger_entries"."owed" <> 0 OR "ledger_entries"."code"::text IN ('dispute_hold', 'dispute_release'));