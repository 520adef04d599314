-- The exchange check of a generated world: failures per deanery, quarter,
-- source and reason (exchange_rejections_by_quarter) beside the truth's
-- expected_rejections (the truth_<table> views), fully joined.
WITH truth AS (
    SELECT deanery_code, quarter, source, reason_code, CAST(count AS BIGINT) AS count
    FROM truth_expected_rejections
)
SELECT coalesce(h.deanery_code, t.deanery_code) AS deanery_code,
       coalesce(h.quarter, t.quarter) AS quarter,
       coalesce(h.source, t.source) AS source,
       coalesce(h.reason_code, t.reason_code) AS reason_code,
       coalesce(h.count, 0) AS count, coalesce(t.count, 0) AS truth_count
FROM exchange_rejections_by_quarter h
FULL JOIN truth t ON t.deanery_code = h.deanery_code AND t.quarter = h.quarter
    AND t.source = h.source AND t.reason_code = h.reason_code
ORDER BY 1, 2, 3, 4;
