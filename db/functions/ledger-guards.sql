-- What keeps the ledger's history whole: entries, allocations and the audit log only gain rows; the
-- hot tables (which carry no foreign keys) go with their workspace; a member with history stays.
-- Live SQL: applied by db/migrate.ts after the migrations on every migrate. Change it here, never in a
-- migration (docs/ARCHITECTURE.md, "SQL functions").

-- Entries and allocations only ever gain rows. Deletes are allowed only as the cascade of
-- deleting a whole workspace (the trigger then runs nested inside the workspace's own delete).
CREATE OR REPLACE FUNCTION cp_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' AND pg_trigger_depth() > 1 THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION '% is append-only: % is not allowed (post a correcting entry instead)', TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'restrict_violation';
END $$;

CREATE OR REPLACE TRIGGER ledger_entries_append_only BEFORE UPDATE OR DELETE ON ledger_entries
  FOR EACH ROW EXECUTE FUNCTION cp_append_only();

CREATE OR REPLACE TRIGGER ledger_allocations_append_only BEFORE UPDATE OR DELETE ON ledger_allocations
  FOR EACH ROW EXECUTE FUNCTION cp_append_only();

-- The audit log only gains rows, like the ledger.
CREATE OR REPLACE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events
  FOR EACH ROW EXECUTE FUNCTION cp_append_only();

-- ledger_entries, ledger_allocations, usage_events, member_usage and api_key_usage have no foreign keys (each key
-- check locked a parent row and wrote WAL on every spend), so their rows go with their workspace here.
CREATE OR REPLACE FUNCTION cp_delete_workspace_ledger() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- Runs nested in the workspace's delete, which the append-only triggers allow.
  DELETE FROM ledger_allocations WHERE workspace_id = OLD.id;
  DELETE FROM usage_events WHERE workspace_id = OLD.id;
  DELETE FROM member_usage WHERE workspace_id = OLD.id;
  DELETE FROM api_key_usage WHERE workspace_id = OLD.id;
  DELETE FROM ledger_entries WHERE workspace_id = OLD.id;
  RETURN OLD;
END $$;

CREATE OR REPLACE TRIGGER workspaces_delete_ledger AFTER DELETE ON workspaces
  FOR EACH ROW EXECUTE FUNCTION cp_delete_workspace_ledger();

-- A membership with credit history cannot be deleted while its workspace exists: members are
-- removed (a soft delete), so the history keeps pointing at them.
CREATE OR REPLACE FUNCTION cp_keep_members_with_history() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM workspaces WHERE id = OLD.workspace_id)
     AND (EXISTS (SELECT 1 FROM ledger_entries WHERE workspace_id = OLD.workspace_id AND membership_id = OLD.id)
          OR EXISTS (SELECT 1 FROM member_usage WHERE workspace_id = OLD.workspace_id AND membership_id = OLD.id)) THEN
    RAISE EXCEPTION 'membership % has credit history: remove the member instead of deleting it', OLD.id
      USING ERRCODE = 'restrict_violation';
  END IF;
  RETURN OLD;
END $$;

CREATE OR REPLACE TRIGGER memberships_keep_history BEFORE DELETE ON memberships
  FOR EACH ROW EXECUTE FUNCTION cp_keep_members_with_history();
