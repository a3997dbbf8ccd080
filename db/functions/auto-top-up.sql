-- Auto top-up: a spend that takes the balance below the threshold starts one charge attempt.
-- Live SQL: applied by db/migrate.ts after the migrations on every migrate. Change it here, never in a
-- migration (docs/ARCHITECTURE.md, "SQL functions").

-- Auto top-up's trigger. When a spend (any writer that lowers credit_accounts.balance) takes the
-- balance below the auto top-up threshold, this inserts ONE pending auto_top_up purchase in the
-- spend's own transaction and wakes the worker with pg_notify (delivered at commit; a rolled-back
-- spend starts nothing). The unique partial index credit_purchases_one_auto_top_up_in_flight makes
-- a second in-flight attempt impossible, so 50 spends crossing at once start exactly one. The
-- charge itself runs later from the job queue, outside the spend's transaction.
--
-- The WHEN clause keeps this free for spends that stay above the threshold. While an attempt is in
-- flight, each further spend below the threshold costs one index probe. After a failed attempt the
-- next spend below the threshold starts the next attempt; three failures in a row switch auto
-- top-up off (lib/billing/auto-top-up-attempts.ts). An attempt that would take this month's auto
-- top-up charges (paid, in flight, or waiting for the owner to authenticate) past the monthly cap
-- is not started; the settings row remembers when that happened so the Credits card can say so.
-- "Now" is the spend's own clock instant (credit_accounts.updated_at), never the database's.
--
-- cp_begin_auto_top_up holds the rules (one in flight, switched on, within the cap) for both ways an
-- attempt starts: this trigger, and an owner's "Retry now" after a declined charge
-- (cp_retry_auto_top_up, below). It returns the new attempt's id, or null when none was started.
CREATE OR REPLACE FUNCTION cp_begin_auto_top_up(p_ws uuid, p_now timestamptz) RETURNS uuid
LANGUAGE plpgsql AS $$
DECLARE
  v_settings auto_top_up_settings%ROWTYPE;
  v_now timestamptz := p_now;
  v_tz text;
  v_month_start timestamptz;
  v_committed bigint;
  v_id uuid;
BEGIN
  PERFORM 1 FROM credit_purchases
    WHERE workspace_id = p_ws AND kind = 'auto_top_up' AND status = 'pending';
  IF FOUND THEN
    RETURN NULL;
  END IF;
  SELECT * INTO v_settings FROM auto_top_up_settings
    WHERE workspace_id = p_ws AND is_enabled;
  IF NOT FOUND THEN
    RETURN NULL;
  END IF;
  IF v_settings.monthly_cap_cents IS NOT NULL THEN
    SELECT time_zone INTO v_tz FROM workspaces WHERE id = p_ws;
    v_month_start := date_trunc('month', v_now AT TIME ZONE v_tz) AT TIME ZONE v_tz;
    SELECT coalesce(sum(amount_cents), 0) INTO v_committed FROM credit_purchases
      WHERE workspace_id = p_ws AND kind = 'auto_top_up' AND created_at >= v_month_start
        AND (status IN ('pending', 'paid')
             OR (status = 'failed' AND failure_code = 'authentication_required'));
    IF v_committed + v_settings.amount_cents > v_settings.monthly_cap_cents THEN
      UPDATE auto_top_up_settings SET cap_reached_at = v_now
        WHERE workspace_id = p_ws
          AND (cap_reached_at IS NULL OR cap_reached_at < v_month_start);
      RETURN NULL;
    END IF;
  END IF;
  INSERT INTO credit_purchases
    (workspace_id, kind, provider, credits, amount_cents, currency, status, created_at, updated_at)
  VALUES
    (p_ws, 'auto_top_up', v_settings.provider, v_settings.credits, v_settings.amount_cents,
     v_settings.currency, 'pending', v_now, v_now)
  ON CONFLICT DO NOTHING
  RETURNING id INTO v_id;
  IF v_id IS NOT NULL THEN
    PERFORM pg_notify('cp_auto_top_up', v_id::text);
  END IF;
  RETURN v_id;
END;
$$;

CREATE OR REPLACE FUNCTION cp_start_auto_top_up() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM cp_begin_auto_top_up(NEW.workspace_id, NEW.updated_at);
  RETURN NULL;
END;
$$;

-- "Retry now" after a declined charge: the same rules as a spend's crossing, and only while the
-- balance is still below the threshold (a purchase since may have made the retry pointless). Takes
-- the credit account's lock first, as every writer does, so it cannot race a spend's crossing.
CREATE OR REPLACE FUNCTION cp_retry_auto_top_up(p_ws uuid, p_now timestamptz) RETURNS uuid
LANGUAGE plpgsql AS $$
DECLARE
  v_account credit_accounts%ROWTYPE;
BEGIN
  SELECT * INTO v_account FROM credit_accounts WHERE workspace_id = p_ws FOR UPDATE;
  IF NOT FOUND OR v_account.auto_top_up_threshold IS NULL
     OR v_account.balance >= v_account.auto_top_up_threshold THEN
    RETURN NULL;
  END IF;
  RETURN cp_begin_auto_top_up(p_ws, p_now);
END;
$$;

CREATE OR REPLACE TRIGGER credit_accounts_start_auto_top_up
  AFTER UPDATE OF balance ON credit_accounts
  FOR EACH ROW
  WHEN (NEW.auto_top_up_threshold IS NOT NULL
        AND NEW.balance < NEW.auto_top_up_threshold
        AND NEW.balance < OLD.balance)
  EXECUTE FUNCTION cp_start_auto_top_up();
