-- The headline scores of a run's last quarter, all trusts pooled, national
-- first, each with the previous quarter and the same quarter a year
-- earlier.
WITH r AS (SELECT * FROM quality_run WHERE run_id = $run_id),
s AS (
    SELECT a.*, CAST(left(a.quarter, 4) AS INTEGER) * 4 + CAST(right(a.quarter, 1) AS INTEGER) AS qn
    FROM quality_alignment_score a WHERE a.run_id = $run_id AND a.trust_code = 'ALL'
)
SELECT k.deanery_code, k.quarter, k.entity, k.population, k.score, p.score, y.score
FROM s k JOIN r ON k.quarter = r.last_quarter
LEFT JOIN s p ON p.deanery_code = k.deanery_code AND p.entity = k.entity AND p.qn = k.qn - 1
LEFT JOIN s y ON y.deanery_code = k.deanery_code AND y.entity = k.entity AND y.qn = k.qn - 4
ORDER BY k.deanery_code <> 'ALL', k.deanery_code, k.entity;
