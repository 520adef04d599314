-- The exchange check of a generated world: notice compliance per deanery
-- and quarter of start date (exchange_notice_by_quarter) beside the
-- truth's expected_notice (the truth_<table> views), fully joined.
WITH truth AS (
    SELECT deanery_code, quarter,
           CAST(placements_measured AS BIGINT) AS placements_measured,
           CAST(compliant AS BIGINT) AS compliant,
           CAST(not_sent AS BIGINT) AS not_sent
    FROM truth_expected_notice
)
SELECT coalesce(h.deanery_code, t.deanery_code) AS deanery_code,
       coalesce(h.quarter, t.quarter) AS quarter,
       coalesce(h.placements_measured, 0) AS placements_measured, coalesce(t.placements_measured, 0) AS truth_placements_measured,
       coalesce(h.compliant, 0) AS compliant, coalesce(t.compliant, 0) AS truth_compliant,
       coalesce(h.not_sent, 0) AS not_sent, coalesce(t.not_sent, 0) AS truth_not_sent
FROM exchange_notice_by_quarter h
FULL JOIN truth t ON t.deanery_code = h.deanery_code AND t.quarter = h.quarter
ORDER BY 1, 2;
