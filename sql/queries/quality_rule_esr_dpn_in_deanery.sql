-- rule: esr_dpn_in_deanery
-- category: referential integrity
-- description: Live ESR positions the deanery knows of whose DPN is no post of the deanery at the end of the latest quarter (MISSING_IN_DEANERY), out of all live positions known.
-- warn: count 1
-- fail: percent 5
WITH states AS (
    SELECT * FROM quality_post_state WHERE quarter = (SELECT last_quarter FROM quality_run WHERE run_id = $run_id)
)
SELECT deanery_code, CAST(position_id AS VARCHAR) AS record_key, state = 'MISSING_IN_DEANERY' AS offending,
       coalesce(dpn, 'no DPN') || ' at ' || coalesce(trust_code, '') AS detail
FROM states WHERE position_id IS NOT NULL;
