ALTER TYPE "public"."audit_action" ADD VALUE 'api_key.rate_limit_changed' BEFORE 'webhook.updated';--> statement-breakpoint
CREATE TABLE "request_limits" (
	"key" text PRIMARY KEY NOT NULL,
	"count" integer NOT NULL,
	"window_started_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "api_keys" ADD COLUMN "rate_limit_per_second" integer;--> statement-breakpoint
ALTER TABLE "api_keys" ADD COLUMN "rate_limit_burst" integer;--> statement-breakpoint
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_rate_limit_sane" CHECK (("api_keys"."rate_limit_per_second" is null and "api_keys"."rate_limit_burst" is null) or ("api_keys"."rate_limit_per_second" between 1 and 10000 and "api_keys"."rate_limit_burst" between "api_keys"."rate_limit_per_second" and 100000));