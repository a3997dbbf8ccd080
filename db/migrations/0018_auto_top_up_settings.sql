CREATE TABLE "auto_top_up_settings" (
	"workspace_id" uuid PRIMARY KEY NOT NULL,
	"is_enabled" boolean DEFAULT false NOT NULL,
	"threshold" bigint NOT NULL,
	"credits" bigint NOT NULL,
	"amount_cents" bigint NOT NULL,
	"currency" text DEFAULT 'usd' NOT NULL,
	"monthly_cap_cents" bigint,
	"provider" "payment_provider",
	"payment_method_id" text,
	"payment_method_brand" text,
	"payment_method_last4" text,
	"consecutive_failures" integer DEFAULT 0 NOT NULL,
	"disabled_reason" text,
	"disabled_at" timestamp with time zone,
	"cap_reached_at" timestamp with time zone,
	"updated_by_user_id" uuid,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "auto_top_up_settings_threshold_range" CHECK ("auto_top_up_settings"."threshold" >= 0 AND "auto_top_up_settings"."threshold" <= "auto_top_up_settings"."credits"),
	CONSTRAINT "auto_top_up_settings_credits_positive" CHECK ("auto_top_up_settings"."credits" > 0 AND "auto_top_up_settings"."amount_cents" >= 0),
	CONSTRAINT "auto_top_up_settings_cap_positive" CHECK ("auto_top_up_settings"."monthly_cap_cents" IS NULL OR "auto_top_up_settings"."monthly_cap_cents" > 0),
	CONSTRAINT "auto_top_up_settings_enabled_has_card" CHECK (NOT "auto_top_up_settings"."is_enabled" OR ("auto_top_up_settings"."payment_method_id" IS NOT NULL AND "auto_top_up_settings"."provider" IS NOT NULL))
);
--> statement-breakpoint
ALTER TABLE "auto_top_up_settings" ADD CONSTRAINT "auto_top_up_settings_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "auto_top_up_settings" ADD CONSTRAINT "auto_top_up_settings_updated_by_user_id_users_id_fk" FOREIGN KEY ("updated_by_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "credit_purchases_one_auto_top_up_in_flight" ON "credit_purchases" USING btree ("workspace_id") WHERE "credit_purchases"."kind" = 'auto_top_up' AND "credit_purchases"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "credit_purchases_auto_top_up_idx" ON "credit_purchases" USING btree ("workspace_id","created_at") WHERE "credit_purchases"."kind" = 'auto_top_up';