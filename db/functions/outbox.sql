-- The notification outbox every credit event fans out to.
-- Live SQL: applied by db/migrate.ts after the migrations on every migrate. Change it here, never in a
-- migration (docs/ARCHITECTURE.md, "SQL functions").

-- Who gets an event in the bell and by email: the credit events go to the workspace's owners and admins;
-- a member's 80% and 100% alerts (member_limit_warning, member_limit_reached) to that member and to the
-- owners and admins who chose to get them too (member_alert_subscriptions); the answer to a member's
-- request for more (member_limit_request_decided) to that member only; a request
-- (member_limit_requested) to the owners and admins.
CREATE OR REPLACE FUNCTION cp_event_recipients(p_ws uuid, p_type credit_event_type, p_member uuid)
RETURNS TABLE (user_id uuid) LANGUAGE sql STABLE AS $$
  SELECT m.user_id FROM memberships m
   WHERE m.workspace_id = p_ws AND m.removed_at IS NULL
     AND CASE
           WHEN p_type IN ('member_limit_warning', 'member_limit_reached') THEN
             m.id = p_member
             OR (m.role IN ('owner', 'admin')
                 AND EXISTS (SELECT 1 FROM member_alert_subscriptions s
                              WHERE s.workspace_id = p_ws AND s.user_id = m.user_id))
           WHEN p_type = 'member_limit_request_decided' THEN m.id = p_member
           ELSE m.role IN ('owner', 'admin')
         END
$$;

-- The outbox: every event (raised here or by raiseCreditEvent in TypeScript) becomes, in the same
-- transaction, one in-app notification per recipient, one email delivery per recipient who has not
-- turned that event off, and one webhook delivery when the workspace has an endpoint. NOTIFY (sent at
-- commit) wakes the delivery worker at once; the minute schedule is the safety net.
CREATE OR REPLACE FUNCTION cp_fan_out_credit_event() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO notifications (workspace_id, user_id, event_id, type, payload, created_at)
    SELECT NEW.workspace_id, r.user_id, NEW.id, NEW.type, NEW.payload, NEW.created_at
      FROM cp_event_recipients(NEW.workspace_id, NEW.type, NEW.membership_id) r
    ON CONFLICT DO NOTHING;

  INSERT INTO notification_deliveries (workspace_id, channel, event_id, event_type, user_id, payload,
                                       next_attempt_at, created_at)
    SELECT NEW.workspace_id, 'email', NEW.id, NEW.type::text, r.user_id, NEW.payload, NEW.created_at, NEW.created_at
      FROM cp_event_recipients(NEW.workspace_id, NEW.type, NEW.membership_id) r
     WHERE NOT EXISTS (SELECT 1 FROM notification_preferences p
                        WHERE p.workspace_id = NEW.workspace_id AND p.user_id = r.user_id
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
