ALTER TYPE "public"."audit_action" ADD VALUE 'plan.changed' BEFORE 'credits.purchased';--> statement-breakpoint
ALTER TABLE "workspaces" ADD COLUMN "stripe_subscription_id" text;--> statement-breakpoint
ALTER TABLE "workspaces" ADD COLUMN "pending_plan" text;--> statement-breakpoint
ALTER TABLE "workspaces" ADD COLUMN "cancel_at_term_end" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "workspaces" ADD COLUMN "subscription_period_index" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "workspaces" ADD COLUMN "next_subscription_grant_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "workspaces" ADD COLUMN "free_credits_granted_for" date;--> statement-breakpoint
ALTER TABLE "workspaces" ADD CONSTRAINT "workspaces_stripeSubscriptionId_unique" UNIQUE("stripe_subscription_id");