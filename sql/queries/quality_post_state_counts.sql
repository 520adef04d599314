-- Post states counted per deanery and trust, per deanery (trust ALL) and
-- nationally (ALL, ALL).
INSERT INTO quality_post_state_count
SELECT $run_id, coalesce(deanery_code, 'ALL'), coalesce(trust_code, 'ALL'), quarter, state, count(*)
FROM (SELECT quarter, state, deanery_code, coalesce(trust_code, '?') AS trust_code FROM quality_post_state)
GROUP BY GROUPING SETS ((quarter, state, deanery_code, trust_code), (quarter, state, deanery_code), (quarter, state));
