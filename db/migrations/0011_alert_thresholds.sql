ALTER TABLE "credit_accounts" ADD COLUMN "low_balance_threshold" bigint DEFAULT 500 NOT NULL;--> statement-breakpoint
ALTER TABLE "credit_accounts" ADD COLUMN "low_balance_alerted" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "credit_accounts" ADD COLUMN "auto_top_up_threshold" bigint;--> statement-breakpoint
ALTER TABLE "credit_accounts" ADD CONSTRAINT "credit_accounts_thresholds_non_negative" CHECK ("credit_accounts"."low_balance_threshold" >= 0 AND ("credit_accounts"."auto_top_up_threshold" IS NULL OR "credit_accounts"."auto_top_up_threshold" >= 0));