CREATE TABLE "usage_daily" (
	"workspace_id" uuid NOT NULL,
	"day" date NOT NULL,
	"membership_id" uuid,
	"feature" text NOT NULL,
	"model" text NOT NULL,
	"generations" bigint NOT NULL,
	"results" bigint NOT NULL,
	"credits" bigint NOT NULL,
	"credits_refunded" bigint NOT NULL,
	CONSTRAINT "usage_daily_key" UNIQUE NULLS NOT DISTINCT("workspace_id","day","membership_id","feature","model"),
	CONSTRAINT "usage_daily_figures_non_negative" CHECK ("usage_daily"."generations" >= 0 AND "usage_daily"."results" >= 0 AND "usage_daily"."credits_refunded" BETWEEN 0 AND "usage_daily"."credits")
);
--> statement-breakpoint
ALTER TABLE "usage_daily" ADD CONSTRAINT "usage_daily_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "usage_daily_member_day_idx" ON "usage_daily" USING btree ("membership_id","day");