-- Group commit across workspaces: the spends of several workspaces in one statement and one commit
-- (lib/ledger/coalesce.ts sends it when every connection of the pool is busy and spends of more than
-- one workspace are waiting). Live SQL: applied by db/migrate.ts after the migrations on every migrate.
--
-- It adds no rule: each workspace's records are debited by cp_debit (one record) or cp_debit_batch
-- (several), exactly as if that workspace's spends had been sent alone, so one workspace's refusal
-- is its own answer and never touches another's. What the group shares is the statement, the
-- transaction and the commit (measured in docs/PERFORMANCE.md: 0.6-0.7x PostgreSQL's CPU a spend for
-- groups of 4-32 workspaces against one transaction a spend). An error in any workspace (never a
-- refusal: those are answers) rolls the whole group back; the caller then sends each workspace alone,
-- so the error reaches only the spends it belongs to.
--
-- Deadlock-free: every account row of the group is locked first, in workspace id order, before any
-- workspace's writes. Every other writer locks a workspace's account row before anything else of
-- that workspace, so two groups, or a group and a single debit, can only wait in that one order.

-- p_groups: a JSON array of {workspace, records}, each workspace at most once; records are
-- cp_debit_batch's (spends). The answer: a JSON array, one element per group in order, each the JSON
-- array of that workspace's results (cp_debit_batch's answer, one result a record; a single record's
-- cp_debit result in an array of one).
CREATE OR REPLACE FUNCTION cp_debit_group(p_groups jsonb, p_now timestamptz) RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
  g jsonb;
  r jsonb;
  v_ws uuid;
  v_answers jsonb[] := '{}';
BEGIN
  IF (SELECT count(*) <> count(DISTINCT x->>'workspace') FROM jsonb_array_elements(p_groups) x) THEN
    RAISE EXCEPTION 'cp_debit_group: a workspace appears more than once' USING ERRCODE = '22023';
  END IF;
  -- LockRows sits above the sort: the rows are locked in workspace id order.
  PERFORM 1 FROM credit_accounts
    WHERE workspace_id IN (SELECT (x->>'workspace')::uuid FROM jsonb_array_elements(p_groups) x)
    ORDER BY workspace_id
    FOR UPDATE;
  FOR g IN SELECT x FROM jsonb_array_elements(p_groups) x LOOP
    v_ws := (g->>'workspace')::uuid;
    IF jsonb_array_length(g->'records') = 1 THEN
      -- One record: cp_debit, the single spend (cheaper than a batch of one: its three statements
      -- against the batch's planning queries).
      r := g->'records'->0;
      v_answers := array_append(v_answers, jsonb_build_array(cp_debit('spend', v_ws, (r->>'member')::uuid,
        (r->>'amount')::bigint, (r->>'isPro')::boolean, r->>'feature', r->>'model', r->'settings',
        (r->>'results')::integer, NULL, r->>'key', r->>'hash', p_now, (r->>'apiKey')::uuid)));
    ELSE
      v_answers := array_append(v_answers, cp_debit_batch(v_ws, g->'records', p_now));
    END IF;
  END LOOP;
  RETURN to_jsonb(v_answers);
END $$;
