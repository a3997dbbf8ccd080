-- Usage analytics' daily rollups (usage_daily), kept by triggers.
-- Live SQL: applied by db/migrate.ts after the migrations on every migrate. Change it here, never in a
-- migration (docs/ARCHITECTURE.md, "SQL functions").

-- Keeps usage_daily equal to the sums of usage_events, and usage_daily_totals (without the member) and
-- usage_daily_members (per member only) equal to the sums of usage_daily, in the write path's own
-- transaction and the same statement.
--
-- * Inserts: one statement-level trigger with a transition table, so a single spend does one upsert
--   and a batch spend (one INSERT ... SELECT) does one grouped upsert for the whole batch.
-- * Refunds (cp_refund raises credits_refunded on the event): a statement-level update trigger adds
--   the difference to the event's day.
-- * A workspace's time zone changes: its rollups are rebuilt from the events in the same transaction,
--   after taking the credit account lock every ledger writer takes first, so no spend can slip in
--   between with the old zone's local date.
-- Events are never deleted except with their workspace, whose rollups cascade with it.
CREATE OR REPLACE FUNCTION cp_usage_daily_on_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- One statement: the events are grouped once, then summed into the three rollups.
  WITH g AS (
    SELECT n.workspace_id, (n.created_at AT TIME ZONE w.time_zone)::date AS day, n.membership_id, n.api_key_id,
           n.feature, n.model, count(*) AS generations, sum(n.results) AS results, sum(n.credits) AS credits,
           sum(n.credits_refunded) AS credits_refunded
      FROM new_events n JOIN workspaces w ON w.id = n.workspace_id
     GROUP BY 1, 2, 3, 4, 5, 6
  ), by_member AS (
    INSERT INTO usage_daily_members AS d (workspace_id, day, membership_id, generations, results, credits,
        credits_refunded)
      SELECT workspace_id, day, membership_id, sum(generations), sum(results), sum(credits), sum(credits_refunded)
        FROM g GROUP BY 1, 2, 3
    ON CONFLICT ON CONSTRAINT usage_daily_members_key DO UPDATE
      SET generations = d.generations + excluded.generations,
          results = d.results + excluded.results,
          credits = d.credits + excluded.credits,
          credits_refunded = d.credits_refunded + excluded.credits_refunded
  ), totals AS (
    INSERT INTO usage_daily_totals AS d (workspace_id, day, api_key_id, feature, model, generations, results,
        credits, credits_refunded)
      SELECT workspace_id, day, api_key_id, feature, model, sum(generations), sum(results), sum(credits),
             sum(credits_refunded)
        FROM g GROUP BY 1, 2, 3, 4, 5
    ON CONFLICT ON CONSTRAINT usage_daily_totals_key DO UPDATE
      SET generations = d.generations + excluded.generations,
          results = d.results + excluded.results,
          credits = d.credits + excluded.credits,
          credits_refunded = d.credits_refunded + excluded.credits_refunded
  )
  INSERT INTO usage_daily AS d (workspace_id, day, membership_id, api_key_id, feature, model, generations,
      results, credits, credits_refunded)
    SELECT * FROM g
  ON CONFLICT ON CONSTRAINT usage_daily_key DO UPDATE
    SET generations = d.generations + excluded.generations,
        results = d.results + excluded.results,
        credits = d.credits + excluded.credits,
        credits_refunded = d.credits_refunded + excluded.credits_refunded;
  RETURN NULL;
END $$;

CREATE OR REPLACE TRIGGER usage_events_rollup_insert AFTER INSERT ON usage_events
  REFERENCING NEW TABLE AS new_events
  FOR EACH STATEMENT EXECUTE FUNCTION cp_usage_daily_on_insert();

-- Refunds: the difference in credits_refunded goes to the event's day.
CREATE OR REPLACE FUNCTION cp_usage_daily_on_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- Only the refund columns change after an insert; anything else would move an event between
  -- rollup rows, which the ledger never does. Say so loudly instead of drifting.
  IF EXISTS (SELECT 1 FROM old_events o JOIN new_events n ON n.id = o.id
              WHERE (n.workspace_id, n.membership_id, n.api_key_id, n.feature, n.model, n.created_at, n.credits,
                     n.results)
                    IS DISTINCT FROM
                    (o.workspace_id, o.membership_id, o.api_key_id, o.feature, o.model, o.created_at, o.credits,
                     o.results)) THEN
    RAISE EXCEPTION 'usage_events: only the refund columns may change after insert';
  END IF;
  WITH c AS (
    SELECT n.workspace_id, (n.created_at AT TIME ZONE w.time_zone)::date AS day, n.membership_id,
           n.api_key_id, n.feature, n.model, sum(n.credits_refunded - o.credits_refunded) AS delta
      FROM old_events o
      JOIN new_events n ON n.id = o.id
      JOIN workspaces w ON w.id = n.workspace_id
     WHERE n.credits_refunded <> o.credits_refunded
     GROUP BY 1, 2, 3, 4, 5, 6
  ), by_member AS (
    UPDATE usage_daily_members d
       SET credits_refunded = d.credits_refunded + m.delta
      FROM (SELECT workspace_id, day, membership_id, sum(delta) AS delta FROM c GROUP BY 1, 2, 3) m
     WHERE d.workspace_id = m.workspace_id AND d.day = m.day
       AND d.membership_id IS NOT DISTINCT FROM m.membership_id
  ), totals AS (
    UPDATE usage_daily_totals d
       SET credits_refunded = d.credits_refunded + t.delta
      FROM (SELECT workspace_id, day, api_key_id, feature, model, sum(delta) AS delta FROM c GROUP BY 1, 2, 3, 4, 5) t
     WHERE d.workspace_id = t.workspace_id AND d.day = t.day
       AND d.api_key_id IS NOT DISTINCT FROM t.api_key_id
       AND d.feature = t.feature AND d.model = t.model
  )
  UPDATE usage_daily d
     SET credits_refunded = d.credits_refunded + c.delta
    FROM c
   WHERE d.workspace_id = c.workspace_id AND d.day = c.day
     AND d.membership_id IS NOT DISTINCT FROM c.membership_id
     AND d.api_key_id IS NOT DISTINCT FROM c.api_key_id
     AND d.feature = c.feature AND d.model = c.model;
  RETURN NULL;
END $$;

CREATE OR REPLACE TRIGGER usage_events_rollup_update AFTER UPDATE ON usage_events
  REFERENCING OLD TABLE AS old_events NEW TABLE AS new_events
  FOR EACH STATEMENT EXECUTE FUNCTION cp_usage_daily_on_update();

-- Recomputes one workspace's rollups from its events, in its current time zone (also the repair for a
-- workspace whose rollups `ledger:verify` finds out of step).
CREATE OR REPLACE FUNCTION cp_usage_daily_rebuild(p_ws uuid) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  PERFORM 1 FROM credit_accounts WHERE workspace_id = p_ws FOR UPDATE;
  DELETE FROM usage_daily WHERE workspace_id = p_ws;
  INSERT INTO usage_daily (workspace_id, day, membership_id, api_key_id, feature, model, generations,
      results, credits, credits_refunded)
    SELECT e.workspace_id, (e.created_at AT TIME ZONE w.time_zone)::date, e.membership_id, e.api_key_id,
           e.feature, e.model, count(*), sum(e.results), sum(e.credits), sum(e.credits_refunded)
      FROM usage_events e JOIN workspaces w ON w.id = e.workspace_id
     WHERE e.workspace_id = p_ws
     GROUP BY 1, 2, 3, 4, 5, 6;
  DELETE FROM usage_daily_totals WHERE workspace_id = p_ws;
  INSERT INTO usage_daily_totals (workspace_id, day, api_key_id, feature, model, generations, results, credits,
      credits_refunded)
    SELECT workspace_id, day, api_key_id, feature, model, sum(generations), sum(results), sum(credits),
           sum(credits_refunded)
      FROM usage_daily WHERE workspace_id = p_ws GROUP BY 1, 2, 3, 4, 5;
  DELETE FROM usage_daily_members WHERE workspace_id = p_ws;
  INSERT INTO usage_daily_members (workspace_id, day, membership_id, generations, results, credits,
      credits_refunded)
    SELECT workspace_id, day, membership_id, sum(generations), sum(results), sum(credits), sum(credits_refunded)
      FROM usage_daily WHERE workspace_id = p_ws GROUP BY 1, 2, 3;
END $$;

-- A workspace's time zone changed: rebuild its rollups (under the credit account lock).
CREATE OR REPLACE FUNCTION cp_usage_daily_on_time_zone() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM cp_usage_daily_rebuild(NEW.id);
  RETURN NULL;
END $$;

CREATE OR REPLACE TRIGGER workspaces_rollup_time_zone AFTER UPDATE OF time_zone ON workspaces
  FOR EACH ROW WHEN (OLD.time_zone IS DISTINCT FROM NEW.time_zone)
  EXECUTE FUNCTION cp_usage_daily_on_time_zone();
