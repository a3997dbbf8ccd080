CREATE TABLE "api_key_usage" (
	"api_key_id" uuid NOT NULL,
	"period_start" date NOT NULL,
	"workspace_id" uuid NOT NULL,
	"used" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "api_key_usage_api_key_id_period_start_pk" PRIMARY KEY("api_key_id","period_start"),
	CONSTRAINT "api_key_usage_used_non_negative" CHECK ("api_key_usage"."used" >= 0)
);
--> statement-breakpoint
ALTER TABLE "usage_daily" DROP CONSTRAINT "usage_daily_key";--> statement-breakpoint
ALTER TABLE "memberships" ADD COLUMN "limit_offset" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "memberships" ADD COLUMN "limit_offset_period" date;--> statement-breakpoint
ALTER TABLE "memberships" ADD COLUMN "may_use_top_up" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "workspaces" ADD COLUMN "default_member_monthly_limit" bigint;--> statement-breakpoint
ALTER TABLE "workspaces" ADD COLUMN "default_may_use_top_up" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "holds" ADD COLUMN "api_key_id" uuid;--> statement-breakpoint
ALTER TABLE "usage_events" ADD COLUMN "api_key_id" uuid;--> statement-breakpoint
ALTER TABLE "invitations" ADD COLUMN "monthly_limit_from_default" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "invitations" ADD COLUMN "monthly_limit" bigint;--> statement-breakpoint
ALTER TABLE "invitations" ADD COLUMN "may_use_top_up" boolean;--> statement-breakpoint
ALTER TABLE "api_keys" ADD COLUMN "monthly_credit_cap" bigint;--> statement-breakpoint
ALTER TABLE "api_keys" ADD COLUMN "allowed_models" text[];--> statement-breakpoint
ALTER TABLE "usage_daily" ADD COLUMN "api_key_id" uuid;--> statement-breakpoint
CREATE INDEX "usage_events_api_key_created_idx" ON "usage_events" USING btree ("api_key_id","created_at") WHERE "usage_events"."api_key_id" IS NOT NULL;--> statement-breakpoint
ALTER TABLE "usage_daily" ADD CONSTRAINT "usage_daily_key" UNIQUE NULLS NOT DISTINCT("workspace_id","day","membership_id","api_key_id","feature","model");--> statement-breakpoint
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_limit_offset_sane" CHECK ("memberships"."limit_offset" BETWEEN 0 AND 9007199254740991 AND ("memberships"."limit_offset" = 0 OR "memberships"."limit_offset_period" IS NOT NULL));--> statement-breakpoint
ALTER TABLE "workspaces" ADD CONSTRAINT "workspaces_default_member_monthly_limit_range" CHECK ("workspaces"."default_member_monthly_limit" IS NULL OR "workspaces"."default_member_monthly_limit" BETWEEN 0 AND 9007199254740991);--> statement-breakpoint
ALTER TABLE "invitations" ADD CONSTRAINT "invitations_monthly_limit_range" CHECK ("invitations"."monthly_limit" IS NULL OR (NOT "invitations"."monthly_limit_from_default" AND "invitations"."monthly_limit" BETWEEN 0 AND 9007199254740991));--> statement-breakpoint
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_monthly_credit_cap_range" CHECK ("api_keys"."monthly_credit_cap" IS NULL OR "api_keys"."monthly_credit_cap" BETWEEN 0 AND 9007199254740991);--> statement-breakpoint
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_allowed_models_sane" CHECK ("api_keys"."allowed_models" IS NULL OR (cardinality("api_keys"."allowed_models") BETWEEN 1 AND 200 AND array_position("api_keys"."allowed_models", NULL) IS NULL));