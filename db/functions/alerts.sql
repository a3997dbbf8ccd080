-- Low-balance and depleted alerts: credit_balance_low and credit_balance_depleted, raised in the
-- database in the same transaction as the change that causes them.
-- Live SQL: applied by db/migrate.ts after the migrations on every migrate. Change it here, never in a
-- migration (docs/ARCHITECTURE.md, "SQL functions").

-- The low-balance alert threshold lives on the account row (so a trigger on that row sees a crossing
-- without reading anything else): the auto top-up threshold while auto top-up is on, otherwise the
-- workspace's Low Balance threshold, or the plan's default (p_default, from lib/billing/plans.ts)
-- while the owner has set none. Call cp_sync_alert_threshold after changing any of them (a plan change
-- changes the default). Changing the threshold never fires an alert by itself: a balance already below
-- the new threshold counts as already alerted, and the next recovery above it re-arms the alert.
DROP FUNCTION IF EXISTS cp_sync_alert_threshold(uuid);
CREATE OR REPLACE FUNCTION cp_sync_alert_threshold(p_ws uuid, p_default bigint) RETURNS bigint LANGUAGE sql AS $$
  UPDATE credit_accounts a
     SET low_balance_threshold = coalesce(a.auto_top_up_threshold, w.low_balance_threshold, p_default),
         low_balance_alerted = a.balance < coalesce(a.auto_top_up_threshold, w.low_balance_threshold, p_default)
    FROM workspaces w
   WHERE a.workspace_id = p_ws AND w.id = a.workspace_id
  RETURNING a.low_balance_threshold;
$$;

-- Every writer of credits (single spends, holds, batch spends, settles, expiries, grants) updates the
-- workspace's credit_accounts row while holding its lock, so a row trigger there sees every crossing
-- exactly once, in commit order, however many spends run at once. The trigger's WHEN clause only
-- compares columns of the row: false for an ordinary spend, so the hot path pays nothing.
CREATE OR REPLACE FUNCTION cp_credit_balance_alerts() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  v_alerted boolean := NEW.low_balance_alerted;
BEGIN
  -- An alert must never fail the spend that caused it: any error here is logged and the spend goes on.
  BEGIN
    IF NEW.balance >= NEW.low_balance_threshold THEN
      -- Recovered to or above the threshold: re-arm, so the next crossing down alerts again.
      NEW.low_balance_alerted := false;
    ELSIF NOT NEW.low_balance_alerted AND NEW.balance < OLD.balance THEN
      NEW.low_balance_alerted := true;
      INSERT INTO credit_events (workspace_id, type, dedupe_key, payload, created_at)
        VALUES (NEW.workspace_id, 'credit_balance_low',
                'credit_balance_low:' || NEW.workspace_id || ':' || gen_random_uuid(),
                jsonb_build_object('balance', NEW.balance, 'previousBalance', OLD.balance,
                                   'threshold', NEW.low_balance_threshold,
                                   'autoTopUp', NEW.auto_top_up_threshold IS NOT NULL),
                NEW.updated_at);
    END IF;
    IF NEW.balance = 0 AND OLD.balance > 0 THEN
      INSERT INTO credit_events (workspace_id, type, dedupe_key, payload, created_at)
        VALUES (NEW.workspace_id, 'credit_balance_depleted',
                'credit_balance_depleted:' || NEW.workspace_id || ':' || gen_random_uuid(),
                jsonb_build_object('balance', 0, 'previousBalance', OLD.balance, 'held', NEW.held),
                NEW.updated_at);
    END IF;
  EXCEPTION WHEN OTHERS THEN
    -- Leave the flag as it was, so the next change tries the alert again.
    NEW.low_balance_alerted := v_alerted;
    RAISE WARNING 'creditpool: credit balance alert for % failed: % (%)', NEW.workspace_id, SQLERRM, SQLSTATE;
  END;
  RETURN NEW;
END $$;

CREATE OR REPLACE TRIGGER credit_accounts_balance_alerts BEFORE UPDATE ON credit_accounts
  FOR EACH ROW
  WHEN ((NOT NEW.low_balance_alerted AND NEW.balance < NEW.low_balance_threshold AND NEW.balance < OLD.balance)
     OR (NEW.low_balance_alerted AND NEW.balance >= NEW.low_balance_threshold)
     OR (NEW.balance = 0 AND OLD.balance > 0))
  EXECUTE FUNCTION cp_credit_balance_alerts();
