-- The exchange check of a generated world: recruitment volumes per deanery
-- and quarter (exchange_volume_by_quarter) beside the truth's
-- expected_volume (the truth_<table> views). A full join, so that a row either side
-- lacks shows as zeros. Only the `world` commands and tests run it.
WITH truth AS (
    SELECT deanery_code, quarter,
           CAST(applicants_created AS BIGINT) AS applicants_created,
           CAST(internal_transfers AS BIGINT) AS internal_transfers,
           CAST(app_records AS BIGINT) AS app_records,
           CAST(app_failed AS BIGINT) AS app_failed,
           CAST(manual_hires AS BIGINT) AS manual_hires
    FROM truth_expected_volume
)
SELECT coalesce(h.deanery_code, t.deanery_code) AS deanery_code,
       coalesce(h.quarter, t.quarter) AS quarter,
       coalesce(h.applicants_created, 0) AS applicants_created, coalesce(t.applicants_created, 0) AS truth_applicants_created,
       coalesce(h.internal_transfers, 0) AS internal_transfers, coalesce(t.internal_transfers, 0) AS truth_internal_transfers,
       coalesce(h.app_records, 0) AS app_records, coalesce(t.app_records, 0) AS truth_app_records,
       coalesce(h.app_failed, 0) AS app_failed, coalesce(t.app_failed, 0) AS truth_app_failed,
       coalesce(h.manual_hires, 0) AS manual_hires, coalesce(t.manual_hires, 0) AS truth_manual_hires
FROM exchange_volume_by_quarter h
FULL JOIN truth t ON t.deanery_code = h.deanery_code AND t.quarter = h.quarter
ORDER BY 1, 2;
