-- Many spends in one statement: one transaction, one round trip, the workspace's lock taken once.
-- Each record keeps its own idempotency key and gets its own result (a refusal of one record does
-- not affect the others). Records are priced by the caller, like single spends.
CREATE FUNCTION cp_debit_batch(p_ws uuid, p_records jsonb, p_now timestamptz) RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
  r jsonb;
  v_results jsonb := '[]'::jsonb;
BEGIN
  -- Lock once up front; each cp_debit below re-enters the lock this transaction already holds.
  PERFORM 1 FROM credit_accounts WHERE workspace_id = p_ws FOR UPDATE;
  IF NOT FOUND THEN
    RETURN jsonb_build_array(cp_refusal('workspace_not_found'));
  END IF;
  FOR r IN SELECT value FROM jsonb_array_elements(p_records)
  LOOP
    v_results := v_results || jsonb_build_array(cp_debit(
      'spend', p_ws, (r->>'member')::uuid, (r->>'amount')::bigint, (r->>'isPro')::boolean,
      r->>'feature', r->>'model', coalesce(r->'settings', '{}'::jsonb), (r->>'results')::integer,
      NULL, r->>'key', r->>'hash', p_now));
  END LOOP;
  RETURN v_results;
END $$;
