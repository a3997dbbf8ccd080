ALTER TABLE "usage_daily" DROP CONSTRAINT "usage_daily_key";--> statement-breakpoint
ALTER TABLE "usage_daily" ADD COLUMN "api_key_id" uuid;--> statement-breakpoint
ALTER TABLE "usage_daily" ADD CONSTRAINT "usage_daily_key" UNIQUE NULLS NOT DISTINCT("workspace_id","day","membership_id","api_key_id","feature","model");