-- The exchange check of a generated world: each DPN over 40 records in a
-- quarantined APP file (exchange_quarantine_by_dpn) beside the truth's
-- expected_quarantine (the truth_<table> views), fully joined by file and DPN. The
-- quarter is the file date's, read from the file name.
WITH truth AS (
    SELECT file_name, deanery_code, upper(trim(dpn)) AS dpn, CAST(records_for_dpn AS BIGINT) AS records_for_dpn
    FROM truth_expected_quarantine
)
SELECT coalesce(h.deanery_code, t.deanery_code) AS deanery_code,
       coalesce(h.quarter, exchange_quarter_of(strptime(split_part(t.file_name, '_', 4), '%Y%m%d'))) AS quarter,
       coalesce(h.file_name, t.file_name) AS file_name,
       coalesce(h.dpn, t.dpn) AS dpn,
       coalesce(h.records_for_dpn, 0) AS records_for_dpn, coalesce(t.records_for_dpn, 0) AS truth_records_for_dpn
FROM exchange_quarantine_by_dpn h
FULL JOIN truth t ON t.file_name = h.file_name AND t.dpn = h.dpn
ORDER BY 1, 2, 3, 4;
