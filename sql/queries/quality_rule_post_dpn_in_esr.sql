-- rule: post_dpn_in_esr
-- category: referential integrity
-- description: Roles of current posts, at trusts on the interface, whose DPN ESR does not hold as exactly one live position at that trust at the end of the latest quarter (MISSING_IN_ESR, WRONG_TRUST, DELETED or DUPLICATE_DPN).
-- warn: percent 2
-- fail: percent 10
SELECT deanery_code, post_id || ' ' || role || ' ' || coalesce(trust_code, '') AS record_key,
       state <> 'MATCHED' AS offending, state || ' ' || coalesce(dpn, '') AS detail
FROM quality_post_state
WHERE quarter = (SELECT last_quarter FROM quality_run WHERE run_id = $run_id)
  AND post_id IS NOT NULL AND state <> 'NOT_LIVE';
