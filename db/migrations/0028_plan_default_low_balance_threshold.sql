ALTER TABLE "workspaces" ALTER COLUMN "low_balance_threshold" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "workspaces" ALTER COLUMN "low_balance_threshold" DROP NOT NULL;--> statement-breakpoint
-- A threshold nobody chose becomes "the plan's default" (null): the old column default 500, on a
-- workspace whose audit log has no Low Balance threshold change. A threshold an owner set stays.
UPDATE "workspaces" w SET "low_balance_threshold" = NULL
 WHERE w."low_balance_threshold" = 500
   AND NOT EXISTS (SELECT 1 FROM "audit_events" e
                    WHERE e."workspace_id" = w."id" AND e."action" = 'workspace.low_balance_threshold_changed');--> statement-breakpoint
-- Their alert thresholds, with the plans' defaults as of this migration (defaultLowBalanceThreshold in
-- lib/billing/plans.ts: a fifth of the daily 100 free credits without a subscription, a tenth of the
-- monthly grant with one). From here on the app keeps them in step (cp_sync_alert_threshold).
UPDATE "credit_accounts" a
   SET "low_balance_threshold" = d.threshold, "low_balance_alerted" = a."balance" < d.threshold
  FROM (SELECT w."id",
               CASE WHEN w."subscription_status" IN ('active', 'trialing') THEN
                      CASE w."plan" WHEN 'starter' THEN 1000 WHEN 'pro' THEN 5000 WHEN 'enterprise' THEN 25000 ELSE 20 END
                    ELSE 20 END AS threshold
          FROM "workspaces" w WHERE w."low_balance_threshold" IS NULL) d
 WHERE a."workspace_id" = d."id" AND a."auto_top_up_threshold" IS NULL;
