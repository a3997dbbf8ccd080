-- The notification outbox every credit event fans out to.
-- Live SQL: applied by db/migrate.ts after the migrations on every migrate. Change it here, never in a
-- migration (docs/ARCHITECTURE.md, "SQL functions").

-- The outbox: every credit event (raised here or by raiseCreditEvent in TypeScript) becomes, in the
-- same transaction, one in-app notification per owner and admin, one email delivery per owner and
-- admin who has not turned that event off, and one webhook delivery when the workspace has an
-- endpoint. NOTIFY (sent at commit) wakes the delivery worker at once; the minute schedule is the
-- safety net.
CREATE OR REPLACE FUNCTION cp_fan_out_credit_event() RETURNS trigger LANGUAGE plpgsql AS $$
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

CREATE OR REPLACE TRIGGER credit_events_fan_out AFTER INSERT ON credit_events
  FOR EACH ROW EXECUTE FUNCTION cp_fan_out_credit_event();
