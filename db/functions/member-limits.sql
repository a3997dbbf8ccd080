-- A member's monthly limit as the ledger checks it (with the extra allowance approved requests gave for
-- the month), and the member alerts at 80% and 100% of it, raised in the transaction of the spend.
-- Live SQL: applied by db/migrate.ts after the migrations on every migrate. Change it here, never in a
-- migration (docs/ARCHITECTURE.md, "SQL functions").

-- The limit a debit checks for one member in one month (their workspace's time zone): the monthly limit
-- plus the extra credits approved "for the rest of this month" (member_limit_extras). NULL (Unlimited)
-- stays NULL. cp_debit and cp_debit_batch check it; My usage and the alerts below show the same figure.
-- (It names the workspace so the read stays on the workspace's shard, docs/SCALING.md; migration 0040
-- dropped the form without it.)
CREATE OR REPLACE FUNCTION cp_limit_with_extra(p_limit bigint, p_ws uuid, p_member uuid, p_period date)
RETURNS bigint LANGUAGE sql STABLE AS $$
  SELECT CASE WHEN p_limit IS NULL THEN NULL
              ELSE p_limit + coalesce((SELECT x.extra FROM member_limit_extras x
                                        WHERE x.membership_id = p_member AND x.period_start = p_period
                                          AND x.workspace_id = p_ws), 0)
         END
$$;

-- Member alerts: member_limit_warning at 80% and member_limit_reached at 100% of the limit, to the member
-- (and to the owners and admins who chose to get them, outbox.sql). Every writer that adds to a member's
-- usage (spends, holds, batches, settles) updates member_usage, so a trigger there sees every crossing.
-- It is a deferred constraint trigger so it runs once the writer's statements are done, when
-- credit_accounts.updated_at holds the operation's business time (the clock's instant, never now()).
-- Each alert is a row of member_limit_alerts: its primary key (member, month, limit, threshold) is what
-- keeps an alert to once, however many spends cross it at the same time. A usage that jumps past both
-- thresholds at once records both and raises the 100% one only. Limits of 0 and Unlimited never alert.
CREATE OR REPLACE FUNCTION cp_member_limit_alerts() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  v_limit bigint;
  v_counted bigint;
  v_threshold smallint;
  v_at timestamptz;
BEGIN
  -- The cheap part first (an index probe), outside the exception block: most spends stop here.
  SELECT cp_limit_with_extra(m.monthly_limit, m.workspace_id, m.id, NEW.period_start),
         NEW.used - CASE WHEN m.limit_offset_period = NEW.period_start THEN m.limit_offset ELSE 0 END
    INTO v_limit, v_counted
    FROM memberships m
   WHERE m.id = NEW.membership_id AND m.workspace_id = NEW.workspace_id AND m.removed_at IS NULL;
  IF v_limit IS NULL OR v_limit <= 0 OR v_counted * 100 < v_limit * 80 THEN
    RETURN NULL;
  END IF;
  -- An alert must never fail the spend that caused it: any error here is logged and the spend goes on.
  BEGIN
    SELECT a.updated_at INTO v_at FROM credit_accounts a WHERE a.workspace_id = NEW.workspace_id;
    WITH reached AS (
      INSERT INTO member_limit_alerts (membership_id, period_start, limit_value, threshold, workspace_id, created_at)
        SELECT NEW.membership_id, NEW.period_start, v_limit, t.threshold, NEW.workspace_id, v_at
          FROM (VALUES (80::smallint), (100::smallint)) t(threshold)
         WHERE v_counted * 100 >= v_limit * t.threshold
        ON CONFLICT DO NOTHING
        RETURNING threshold)
    SELECT max(threshold) INTO v_threshold FROM reached;
    IF v_threshold IS NULL THEN
      RETURN NULL;
    END IF;
    INSERT INTO credit_events (workspace_id, type, dedupe_key, payload, membership_id, created_at)
      SELECT NEW.workspace_id,
             (CASE WHEN v_threshold = 100 THEN 'member_limit_reached' ELSE 'member_limit_warning' END)::credit_event_type,
             'member_limit:' || NEW.membership_id || ':' || NEW.period_start || ':' || v_limit || ':' || v_threshold,
             jsonb_build_object(
               'membershipId', NEW.membership_id, 'memberUserId', u.id, 'memberEmail', u.email,
               'memberName', u.name, 'threshold', v_threshold, 'used', v_counted, 'limit', v_limit,
               'percent', floor(v_counted * 100 / v_limit), 'periodStart', NEW.period_start, 'timeZone', w.time_zone,
               'resetsAt', to_char(((NEW.period_start + interval '1 month')::timestamp AT TIME ZONE w.time_zone)
                                   AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')),
             NEW.membership_id, v_at
        FROM memberships m JOIN users u ON u.id = m.user_id JOIN workspaces w ON w.id = m.workspace_id
       WHERE m.id = NEW.membership_id AND m.workspace_id = NEW.workspace_id
      ON CONFLICT (dedupe_key, workspace_id) DO NOTHING;
  EXCEPTION WHEN OTHERS THEN
    RAISE WARNING 'creditpool: member limit alert for % failed: % (%)', NEW.membership_id, SQLERRM, SQLSTATE;
  END;
  RETURN NULL;
END $$;

-- (PostgreSQL has no CREATE OR REPLACE for constraint triggers: drop and create, in the migrate's transaction.)
DROP TRIGGER IF EXISTS member_usage_limit_alerts_insert ON member_usage;
CREATE CONSTRAINT TRIGGER member_usage_limit_alerts_insert AFTER INSERT ON member_usage
  DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW EXECUTE FUNCTION cp_member_limit_alerts();

DROP TRIGGER IF EXISTS member_usage_limit_alerts_update ON member_usage;
CREATE CONSTRAINT TRIGGER member_usage_limit_alerts_update AFTER UPDATE ON member_usage
  DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW WHEN (NEW.used > OLD.used)
  EXECUTE FUNCTION cp_member_limit_alerts();
