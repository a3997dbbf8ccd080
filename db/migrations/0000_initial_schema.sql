CREATE TYPE "public"."billing_interval" AS ENUM('month', 'quarter', 'year');--> statement-breakpoint
CREATE TYPE "public"."member_role" AS ENUM('owner', 'admin', 'member');--> statement-breakpoint
CREATE TYPE "public"."subscription_status" AS ENUM('none', 'trialing', 'active', 'past_due', 'canceled');--> statement-breakpoint
CREATE TYPE "public"."entry_code" AS ENUM('grant_free', 'grant_subscription', 'top_up', 'auto_top_up', 'spend', 'hold', 'release', 'expire', 'refund', 'adjustment');--> statement-breakpoint
CREATE TYPE "public"."hold_status" AS ENUM('active', 'settled', 'released', 'expired');--> statement-breakpoint
CREATE TYPE "public"."lot_type" AS ENUM('free', 'subscription', 'top_up', 'adjustment');--> statement-breakpoint
CREATE TYPE "public"."usage_status" AS ENUM('charged', 'partially_refunded', 'refunded');--> statement-breakpoint
CREATE TABLE "users" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"email" text NOT NULL,
	"name" text NOT NULL,
	"password_hash" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "memberships" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"role" "member_role" DEFAULT 'member' NOT NULL,
	"monthly_limit" bigint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "memberships_workspace_user_unique" UNIQUE("workspace_id","user_id"),
	CONSTRAINT "memberships_monthly_limit_non_negative" CHECK ("memberships"."monthly_limit" IS NULL OR "memberships"."monthly_limit" >= 0)
);
--> statement-breakpoint
CREATE TABLE "workspaces" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"slug" text NOT NULL,
	"name" text NOT NULL,
	"plan" text DEFAULT 'free' NOT NULL,
	"billing_interval" "billing_interval",
	"subscription_status" "subscription_status" DEFAULT 'none' NOT NULL,
	"billing_anchor_at" timestamp with time zone,
	"current_term_ends_at" timestamp with time zone,
	"time_zone" text DEFAULT 'UTC' NOT NULL,
	"seats" integer DEFAULT 5 NOT NULL,
	"low_balance_threshold" bigint DEFAULT 500 NOT NULL,
	"stripe_customer_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "workspaces_slug_unique" UNIQUE("slug"),
	CONSTRAINT "workspaces_stripeCustomerId_unique" UNIQUE("stripe_customer_id"),
	CONSTRAINT "workspaces_seats_positive" CHECK ("workspaces"."seats" > 0),
	CONSTRAINT "workspaces_low_balance_threshold_non_negative" CHECK ("workspaces"."low_balance_threshold" >= 0),
	CONSTRAINT "workspaces_slug_format" CHECK ("workspaces"."slug" ~ '^[a-z0-9]+(-[a-z0-9]+)*$')
);
--> statement-breakpoint
CREATE TABLE "credit_accounts" (
	"workspace_id" uuid PRIMARY KEY NOT NULL,
	"balance" bigint DEFAULT 0 NOT NULL,
	"held" bigint DEFAULT 0 NOT NULL,
	"lifetime_added" bigint DEFAULT 0 NOT NULL,
	"lifetime_spent" bigint DEFAULT 0 NOT NULL,
	"lifetime_expired" bigint DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "credit_accounts_balance_range" CHECK ("credit_accounts"."balance" BETWEEN 0 AND 9007199254740991),
	CONSTRAINT "credit_accounts_held_non_negative" CHECK ("credit_accounts"."held" >= 0),
	CONSTRAINT "credit_accounts_lifetime_non_negative" CHECK ("credit_accounts"."lifetime_added" >= 0 AND "credit_accounts"."lifetime_spent" >= 0 AND "credit_accounts"."lifetime_expired" >= 0)
);
--> statement-breakpoint
CREATE TABLE "credit_lots" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"type" "lot_type" NOT NULL,
	"amount_granted" bigint NOT NULL,
	"amount_remaining" bigint NOT NULL,
	"amount_expired" bigint DEFAULT 0 NOT NULL,
	"granted_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone,
	"source" "entry_code" NOT NULL,
	"source_ref" text,
	"grant_entry_id" bigint NOT NULL,
	CONSTRAINT "credit_lots_granted_range" CHECK ("credit_lots"."amount_granted" BETWEEN 1 AND 9007199254740991),
	CONSTRAINT "credit_lots_remaining_range" CHECK ("credit_lots"."amount_remaining" BETWEEN 0 AND "credit_lots"."amount_granted"),
	CONSTRAINT "credit_lots_expired_range" CHECK ("credit_lots"."amount_expired" BETWEEN 0 AND "credit_lots"."amount_granted"),
	CONSTRAINT "credit_lots_expiry_after_grant" CHECK ("credit_lots"."expires_at" IS NULL OR "credit_lots"."expires_at" > "credit_lots"."granted_at")
);
--> statement-breakpoint
CREATE TABLE "holds" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"membership_id" uuid NOT NULL,
	"amount" bigint NOT NULL,
	"status" "hold_status" DEFAULT 'active' NOT NULL,
	"feature" text NOT NULL,
	"model" text NOT NULL,
	"settings" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"results" integer NOT NULL,
	"is_pro" boolean DEFAULT false NOT NULL,
	"usage_period" date NOT NULL,
	"hold_entry_id" bigint NOT NULL,
	"settled_amount" bigint,
	"expires_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"closed_at" timestamp with time zone,
	CONSTRAINT "holds_amount_positive" CHECK ("holds"."amount" > 0),
	CONSTRAINT "holds_settled_range" CHECK ("holds"."settled_amount" IS NULL OR "holds"."settled_amount" BETWEEN 0 AND "holds"."amount")
);
--> statement-breakpoint
CREATE TABLE "ledger_allocations" (
	"entry_id" bigint NOT NULL,
	"lot_id" uuid NOT NULL,
	"seq" smallint NOT NULL,
	"workspace_id" uuid NOT NULL,
	"lot_type" "lot_type" NOT NULL,
	"amount" bigint NOT NULL,
	CONSTRAINT "ledger_allocations_entry_id_lot_id_pk" PRIMARY KEY("entry_id","lot_id"),
	CONSTRAINT "ledger_allocations_amount_non_zero" CHECK ("ledger_allocations"."amount" <> 0)
);
--> statement-breakpoint
CREATE TABLE "ledger_entries" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "ledger_entries_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"workspace_id" uuid NOT NULL,
	"amount" bigint NOT NULL,
	"balance_after" bigint NOT NULL,
	"code" "entry_code" NOT NULL,
	"membership_id" uuid,
	"hold_id" uuid,
	"refund_of_entry_id" bigint,
	"reference" text,
	"usage_period" date,
	"split_free" bigint DEFAULT 0 NOT NULL,
	"split_subscription" bigint DEFAULT 0 NOT NULL,
	"split_top_up" bigint DEFAULT 0 NOT NULL,
	"split_adjustment" bigint DEFAULT 0 NOT NULL,
	"idempotency_key" text NOT NULL,
	"request_hash" text NOT NULL,
	"result" jsonb,
	"metadata" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "ledger_entries_workspace_key_unique" UNIQUE("workspace_id","idempotency_key"),
	CONSTRAINT "ledger_entries_amount_non_zero" CHECK ("ledger_entries"."amount" <> 0),
	CONSTRAINT "ledger_entries_balance_after_non_negative" CHECK ("ledger_entries"."balance_after" >= 0),
	CONSTRAINT "ledger_entries_split_adds_up" CHECK ("ledger_entries"."split_free" + "ledger_entries"."split_subscription" + "ledger_entries"."split_top_up" + "ledger_entries"."split_adjustment" = "ledger_entries"."amount"),
	CONSTRAINT "ledger_entries_key_length" CHECK (char_length("ledger_entries"."idempotency_key") BETWEEN 1 AND 255)
);
--> statement-breakpoint
CREATE TABLE "member_usage" (
	"membership_id" uuid NOT NULL,
	"period_start" date NOT NULL,
	"workspace_id" uuid NOT NULL,
	"used" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "member_usage_membership_id_period_start_pk" PRIMARY KEY("membership_id","period_start"),
	CONSTRAINT "member_usage_used_non_negative" CHECK ("member_usage"."used" >= 0)
);
--> statement-breakpoint
CREATE TABLE "rate_card" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"feature" text NOT NULL,
	"model" text NOT NULL,
	"settings" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"credits_per_result" bigint NOT NULL,
	"is_pro" boolean DEFAULT false NOT NULL,
	"label" text NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "rate_card_feature_model_settings_unique" UNIQUE("feature","model","settings"),
	CONSTRAINT "rate_card_credits_range" CHECK ("rate_card"."credits_per_result" BETWEEN 1 AND 9007199254740991)
);
--> statement-breakpoint
CREATE TABLE "usage_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"membership_id" uuid,
	"feature" text NOT NULL,
	"model" text NOT NULL,
	"settings" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"results" integer NOT NULL,
	"credits" bigint NOT NULL,
	"credits_refunded" bigint DEFAULT 0 NOT NULL,
	"status" "usage_status" DEFAULT 'charged' NOT NULL,
	"ledger_entry_id" bigint NOT NULL,
	"hold_id" uuid,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "usage_events_entry_unique" UNIQUE("ledger_entry_id"),
	CONSTRAINT "usage_events_results_positive" CHECK ("usage_events"."results" > 0),
	CONSTRAINT "usage_events_credits_range" CHECK ("usage_events"."credits" >= 0 AND "usage_events"."credits_refunded" BETWEEN 0 AND "usage_events"."credits")
);
--> statement-breakpoint
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credit_accounts" ADD CONSTRAINT "credit_accounts_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credit_lots" ADD CONSTRAINT "credit_lots_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credit_lots" ADD CONSTRAINT "credit_lots_grant_entry_id_ledger_entries_id_fk" FOREIGN KEY ("grant_entry_id") REFERENCES "public"."ledger_entries"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "holds" ADD CONSTRAINT "holds_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "holds" ADD CONSTRAINT "holds_membership_id_memberships_id_fk" FOREIGN KEY ("membership_id") REFERENCES "public"."memberships"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "holds" ADD CONSTRAINT "holds_hold_entry_id_ledger_entries_id_fk" FOREIGN KEY ("hold_entry_id") REFERENCES "public"."ledger_entries"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_allocations" ADD CONSTRAINT "ledger_allocations_entry_id_ledger_entries_id_fk" FOREIGN KEY ("entry_id") REFERENCES "public"."ledger_entries"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_allocations" ADD CONSTRAINT "ledger_allocations_lot_id_credit_lots_id_fk" FOREIGN KEY ("lot_id") REFERENCES "public"."credit_lots"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_entries" ADD CONSTRAINT "ledger_entries_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_entries" ADD CONSTRAINT "ledger_entries_membership_id_memberships_id_fk" FOREIGN KEY ("membership_id") REFERENCES "public"."memberships"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "member_usage" ADD CONSTRAINT "member_usage_membership_id_memberships_id_fk" FOREIGN KEY ("membership_id") REFERENCES "public"."memberships"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "usage_events" ADD CONSTRAINT "usage_events_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "usage_events" ADD CONSTRAINT "usage_events_membership_id_memberships_id_fk" FOREIGN KEY ("membership_id") REFERENCES "public"."memberships"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "usage_events" ADD CONSTRAINT "usage_events_ledger_entry_id_ledger_entries_id_fk" FOREIGN KEY ("ledger_entry_id") REFERENCES "public"."ledger_entries"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "users_email_lower_idx" ON "users" USING btree (lower("email"));--> statement-breakpoint
CREATE INDEX "memberships_user_idx" ON "memberships" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "credit_lots_open_idx" ON "credit_lots" USING btree ("workspace_id","expires_at") WHERE "credit_lots"."amount_remaining" > 0;--> statement-breakpoint
CREATE INDEX "holds_active_expiry_idx" ON "holds" USING btree ("expires_at") WHERE "holds"."status" = 'active';--> statement-breakpoint
CREATE INDEX "holds_workspace_idx" ON "holds" USING btree ("workspace_id","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "ledger_allocations_lot_idx" ON "ledger_allocations" USING btree ("lot_id");--> statement-breakpoint
CREATE INDEX "ledger_entries_workspace_id_idx" ON "ledger_entries" USING btree ("workspace_id","id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "ledger_entries_workspace_code_idx" ON "ledger_entries" USING btree ("workspace_id","code","id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "ledger_entries_refund_of_idx" ON "ledger_entries" USING btree ("refund_of_entry_id") WHERE "ledger_entries"."refund_of_entry_id" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "rate_card_lookup_idx" ON "rate_card" USING btree ("feature","model");--> statement-breakpoint
CREATE INDEX "usage_events_workspace_created_idx" ON "usage_events" USING btree ("workspace_id","created_at");