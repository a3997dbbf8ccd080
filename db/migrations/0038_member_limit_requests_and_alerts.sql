CREATE TYPE "public"."limit_request_grant" AS ENUM('this_month', 'new_limit');--> statement-breakpoint
CREATE TYPE "public"."limit_request_status" AS ENUM('open', 'approved', 'denied', 'withdrawn');--> statement-breakpoint
ALTER TYPE "public"."audit_action" ADD VALUE 'member.limit_requested' BEFORE 'invitation.created';--> statement-breakpoint
ALTER TYPE "public"."audit_action" ADD VALUE 'member.limit_request_withdrawn' BEFORE 'invitation.created';--> statement-breakpoint
ALTER TYPE "public"."audit_action" ADD VALUE 'member.limit_request_approved' BEFORE 'invitation.created';--> statement-breakpoint
ALTER TYPE "public"."audit_action" ADD VALUE 'member.limit_request_denied' BEFORE 'invitation.created';--> statement-breakpoint
ALTER TYPE "public"."credit_event_type" ADD VALUE 'member_limit_warning';--> statement-breakpoint
ALTER TYPE "public"."credit_event_type" ADD VALUE 'member_limit_reached';--> statement-breakpoint
ALTER TYPE "public"."credit_event_type" ADD VALUE 'member_limit_requested';--> statement-breakpoint
ALTER TYPE "public"."credit_event_type" ADD VALUE 'member_limit_request_decided';--> statement-breakpoint
CREATE TABLE "member_alert_subscriptions" (
	"workspace_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "member_alert_subscriptions_workspace_id_user_id_pk" PRIMARY KEY("workspace_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "member_limit_alerts" (
	"membership_id" uuid NOT NULL,
	"period_start" date NOT NULL,
	"limit_value" bigint NOT NULL,
	"threshold" smallint NOT NULL,
	"workspace_id" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "member_limit_alerts_membership_id_period_start_limit_value_threshold_pk" PRIMARY KEY("membership_id","period_start","limit_value","threshold"),
	CONSTRAINT "member_limit_alerts_threshold" CHECK ("member_limit_alerts"."threshold" IN (80, 100))
);
--> statement-breakpoint
CREATE TABLE "member_limit_extras" (
	"membership_id" uuid NOT NULL,
	"period_start" date NOT NULL,
	"workspace_id" uuid NOT NULL,
	"extra" bigint NOT NULL,
	CONSTRAINT "member_limit_extras_membership_id_period_start_pk" PRIMARY KEY("membership_id","period_start"),
	CONSTRAINT "member_limit_extras_extra_range" CHECK ("member_limit_extras"."extra" BETWEEN 0 AND 9007199254740991)
);
--> statement-breakpoint
CREATE TABLE "member_limit_requests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"membership_id" uuid NOT NULL,
	"amount" bigint NOT NULL,
	"reason" text NOT NULL,
	"status" "limit_request_status" DEFAULT 'open' NOT NULL,
	"limit_when_asked" bigint,
	"created_at" timestamp with time zone NOT NULL,
	"grant" "limit_request_grant",
	"decided_by_user_id" uuid,
	"decision_note" text,
	"decided_at" timestamp with time zone,
	CONSTRAINT "member_limit_requests_amount_range" CHECK ("member_limit_requests"."amount" BETWEEN 1 AND 1000000000),
	CONSTRAINT "member_limit_requests_reason_length" CHECK (char_length("member_limit_requests"."reason") BETWEEN 1 AND 500),
	CONSTRAINT "member_limit_requests_note_length" CHECK ("member_limit_requests"."decision_note" IS NULL OR char_length("member_limit_requests"."decision_note") <= 500),
	CONSTRAINT "member_limit_requests_grant_when_approved" CHECK (("member_limit_requests"."status" = 'approved') = ("member_limit_requests"."grant" IS NOT NULL))
);
--> statement-breakpoint
ALTER TABLE "credit_events" ADD COLUMN "membership_id" uuid;--> statement-breakpoint
ALTER TABLE "member_alert_subscriptions" ADD CONSTRAINT "member_alert_subscriptions_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "member_alert_subscriptions" ADD CONSTRAINT "member_alert_subscriptions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "member_limit_alerts" ADD CONSTRAINT "member_limit_alerts_membership_id_memberships_id_fk" FOREIGN KEY ("membership_id") REFERENCES "public"."memberships"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "member_limit_alerts" ADD CONSTRAINT "member_limit_alerts_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "member_limit_extras" ADD CONSTRAINT "member_limit_extras_membership_id_memberships_id_fk" FOREIGN KEY ("membership_id") REFERENCES "public"."memberships"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "member_limit_extras" ADD CONSTRAINT "member_limit_extras_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "member_limit_requests" ADD CONSTRAINT "member_limit_requests_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "member_limit_requests" ADD CONSTRAINT "member_limit_requests_membership_id_memberships_id_fk" FOREIGN KEY ("membership_id") REFERENCES "public"."memberships"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "member_limit_requests" ADD CONSTRAINT "member_limit_requests_decided_by_user_id_users_id_fk" FOREIGN KEY ("decided_by_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "member_limit_requests_one_open" ON "member_limit_requests" USING btree ("membership_id") WHERE "member_limit_requests"."status" = 'open';--> statement-breakpoint
CREATE INDEX "member_limit_requests_workspace_idx" ON "member_limit_requests" USING btree ("workspace_id","status","created_at" DESC NULLS LAST);--> statement-breakpoint
ALTER TABLE "credit_events" ADD CONSTRAINT "credit_events_membership_id_memberships_id_fk" FOREIGN KEY ("membership_id") REFERENCES "public"."memberships"("id") ON DELETE cascade ON UPDATE no action;