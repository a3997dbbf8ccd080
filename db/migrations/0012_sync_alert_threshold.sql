-- The low-balance alert threshold lives on the account row (so a trigger on that row sees a crossing
-- without reading anything else): the auto top-up threshold while auto top-up is on, otherwise the
-- workspace's Low Balance threshold. Call cp_sync_alert_threshold after changing either. Changing
-- the threshold never fires an alert by itself: a balance already below the new threshold counts as
-- already alerted, and the next recovery above it re-arms the alert.
CREATE OR REPLACE FUNCTION cp_sync_alert_threshold(p_ws uuid) RETURNS bigint LANGUAGE sql AS $$
  UPDATE credit_accounts a
     SET low_balance_threshold = coalesce(a.auto_top_up_threshold, w.low_balance_threshold),
         low_balance_alerted = a.balance < coalesce(a.auto_top_up_threshold, w.low_balance_threshold)
    FROM workspaces w
   WHERE a.workspace_id = p_ws AND w.id = a.workspace_id
  RETURNING a.low_balance_threshold;
$$;
--> statement-breakpoint
UPDATE credit_accounts a
   SET low_balance_threshold = w.low_balance_threshold,
       low_balance_alerted = a.balance < w.low_balance_threshold
  FROM workspaces w
 WHERE w.id = a.workspace_id;
