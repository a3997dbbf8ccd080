CREATE TABLE "usage_daily_members" (
	"workspace_id" uuid NOT NULL,
	"day" date NOT NULL,
	"membership_id" uuid,
	"generations" bigint NOT NULL,
	"results" bigint NOT NULL,
	"credits" bigint NOT NULL,
	"credits_refunded" bigint NOT NULL,
	CONSTRAINT "usage_daily_members_key" UNIQUE NULLS NOT DISTINCT("workspace_id","day","membership_id"),
	CONSTRAINT "usage_daily_members_figures_non_negative" CHECK ("usage_daily_members"."generations" >= 0 AND "usage_daily_members"."results" >= 0 AND "usage_daily_members"."credits_refunded" BETWEEN 0 AND "usage_daily_members"."credits")
);
--> statement-breakpoint
CREATE TABLE "usage_daily_totals" (
	"workspace_id" uuid NOT NULL,
	"day" date NOT NULL,
	"api_key_id" uuid,
	"feature" text NOT NULL,
	"model" text NOT NULL,
	"generations" bigint NOT NULL,
	"results" bigint NOT NULL,
	"credits" bigint NOT NULL,
	"credits_refunded" bigint NOT NULL,
	CONSTRAINT "usage_daily_totals_key" UNIQUE NULLS NOT DISTINCT("workspace_id","day","api_key_id","feature","model"),
	CONSTRAINT "usage_daily_totals_figures_non_negative" CHECK ("usage_daily_totals"."generations" >= 0 AND "usage_daily_totals"."results" >= 0 AND "usage_daily_totals"."credits_refunded" BETWEEN 0 AND "usage_daily_totals"."credits")
);
--> statement-breakpoint
ALTER TABLE "usage_daily_members" ADD CONSTRAINT "usage_daily_members_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "usage_daily_totals" ADD CONSTRAINT "usage_daily_totals_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
-- Backfill from usage_daily (the sums of usage_events): db/functions/usage-rollups.sql keeps both tables from
-- here on, applied by the same migrate right after this migration.
INSERT INTO "usage_daily_totals" ("workspace_id", "day", "api_key_id", "feature", "model", "generations", "results", "credits", "credits_refunded")
  SELECT "workspace_id", "day", "api_key_id", "feature", "model", sum("generations"), sum("results"), sum("credits"), sum("credits_refunded")
    FROM "usage_daily" GROUP BY 1, 2, 3, 4, 5;--> statement-breakpoint
INSERT INTO "usage_daily_members" ("workspace_id", "day", "membership_id", "generations", "results", "credits", "credits_refunded")
  SELECT "workspace_id", "day", "membership_id", sum("generations"), sum("results"), sum("credits"), sum("credits_refunded")
    FROM "usage_daily" GROUP BY 1, 2, 3;
