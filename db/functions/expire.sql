-- Expiry: lots whose time has passed lose what is left of them, one `expire` entry each.
-- Live SQL: applied by db/migrate.ts after the migrations on every migrate. Change it here, never in a
-- migration (docs/ARCHITECTURE.md, "SQL functions").

-- Expires what is left of every lot whose time has passed. Caller holds the account lock and
-- writes the account row afterwards. Returns the new balance and how much expired. Every writer
-- calls it before it writes, so no operation ever draws on credits that are already gone.
CREATE OR REPLACE FUNCTION cp_expire_due(p_ws uuid, p_now timestamptz, p_balance bigint,
  OUT balance bigint, OUT expired bigint) LANGUAGE plpgsql AS $$
DECLARE
  r record;
  v_entry bigint;
BEGIN
  balance := p_balance;
  expired := 0;
  FOR r IN SELECT id, type, amount_remaining, amount_expired, expires_at FROM credit_lots
            WHERE workspace_id = p_ws AND is_open AND expires_at <= p_now
            ORDER BY expires_at, id
  LOOP
    balance := balance - r.amount_remaining;
    expired := expired + r.amount_remaining;
    v_entry := nextval('ledger_entries_id_seq'::regclass);
    PERFORM cp_post(v_entry, p_ws, 'expire', -1, ARRAY[r.id], ARRAY[r.type], ARRAY[r.amount_remaining],
      balance, NULL, NULL, NULL, r.id::text, NULL,
      'expire:' || r.id || ':' || r.amount_expired, 'expire', NULL,
      jsonb_build_object('expiredAt', r.expires_at), p_now);
    UPDATE credit_lots SET amount_expired = amount_expired + r.amount_remaining
     WHERE id = r.id AND workspace_id = p_ws;
  END LOOP;
END $$;

-- Expires every due lot of one workspace (the scheduler's job; spends also do it as they go).
CREATE OR REPLACE FUNCTION cp_expire(p_ws uuid, p_now timestamptz) RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE
  v_balance bigint;
  v_exp record;
BEGIN
  SELECT balance INTO v_balance FROM credit_accounts WHERE workspace_id = p_ws FOR UPDATE;
  IF NOT FOUND THEN
    RETURN cp_refusal('workspace_not_found');
  END IF;
  v_exp := cp_expire_due(p_ws, p_now, v_balance);
  IF v_exp.expired > 0 THEN
    UPDATE credit_accounts
       SET balance = v_exp.balance, lifetime_expired = lifetime_expired + v_exp.expired, updated_at = p_now
     WHERE workspace_id = p_ws;
  END IF;
  RETURN jsonb_build_object('ok', true, 'expired', v_exp.expired, 'balanceAfter', v_exp.balance);
END $$;
