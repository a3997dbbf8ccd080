-- credit_balance_low and credit_balance_depleted, raised in the database in the same transaction as
-- the change that causes them, and the outbox every credit event fans out to.
--
-- Every writer of credits (single spends, holds, batch spends, settles, expiries, grants) updates the
-- workspace's credit_accounts row while holding its lock, so a row trigger there sees every crossing
-- exactly once, in commit order, however many spends run at once. The trigger's WHEN clause only
-- compares columns of the row: false for an ordinary spend, so the hot path pays nothing.
CREATE FUNCTION cp_credit_balance_alerts() RETURNS trigger LANGUAGE plpgsql AS $$
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
--> statement-breakpoint
CREATE TRIGGER credit_accounts_balance_alerts BEFORE UPDATE ON credit_accounts
  FOR EACH ROW
  WHEN ((NOT NEW.low_balance_alerted AND NEW.balance < NEW.low_balance_threshold AND NEW.balance < OLD.balance)
     OR (NEW.low_balance_alerted AND NEW.balance >= NEW.low_balance_threshold)
     OR (NEW.balance = 0 AND OLD.balance > 0))
  EXECUTE FUNCTION cp_credit_balance_alerts();
--> statement-breakpoint
-- The outbox: every credit event (raised here or by raiseCreditEvent in TypeScript) becomes, in the
-- same transaction, one in-app notification per owner and admin, one email delivery per owner and
-- admin who has not turned that event off, and one webhook delivery when the workspace has an
-- endpoint. NOTIFY (sent at commit) wakes the delivery worker at once; the minute schedule is the
-- safety net.
CREATE FUNCTION cp_fan_out_credit_event() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO notifications (workspace_id, user_id, event_id, type, payload, created_at)
    SELECT NEW.workspace_id, m.user_id, NEW.id, NEW.type, NEW.payload, NEW.created_at
      FROM memberships m
     WHERE m.workspace_id = NEW.workspace_id AND m.removed_at IS NULL AND m.role IN ('owner', 'admin')
    ON CONFLICT DO NOTHING;

  INSERT INTO notification_deliveries (workspace_id, channel, event_id, event_type, user_id, payload,
                                       next_attempt_at, created_at)
    SELECT NEW.workspace_id, 'email', NEW.id, NEW.type::text, m.user_id, NEW.payload, NEW.created_at, NEW.created_at
      FROM memberships m
     WHERE m.workspace_id = NEW.workspace_id AND m.removed_at IS NULL AND m.role IN ('owner', 'admin')
       AND NOT EXISTS (SELECT 1 FROM notification_preferences p
                        WHERE p.workspace_id = NEW.workspace_id AND p.user_id = m.user_id
                          AND p.type = NEW.type AND NOT p.email)
    ON CONFLICT DO NOTHING;

  INSERT INTO notification_deliveries (workspace_id, channel, event_id, event_type, payload,
                                       next_attempt_at, created_at)
    SELECT NEW.workspace_id, 'webhook', NEW.id, NEW.type::text,
           jsonb_build_object(
             'id', NEW.id,
             'type', NEW.type,
             'createdAt', to_char(NEW.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
             'workspace', jsonb_build_object('id', w.id, 'slug', w.slug, 'name', w.name),
             'data', NEW.payload),
           NEW.created_at, NEW.created_at
      FROM webhook_endpoints e JOIN workspaces w ON w.id = e.workspace_id
     WHERE e.workspace_id = NEW.workspace_id
    ON CONFLICT DO NOTHING;

  PERFORM pg_notify('creditpool_outbox', NEW.workspace_id::text);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER credit_events_fan_out AFTER INSERT ON credit_events
  FOR EACH ROW EXECUTE FUNCTION cp_fan_out_credit_event();
