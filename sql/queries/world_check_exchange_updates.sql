-- The exchange check of a generated world: the update interface per
-- deanery and quarter (exchange_updates_by_quarter) beside the truth's
-- expected_updates (the truth_<table> views), fully joined.
WITH truth AS (
    SELECT deanery_code, quarter,
           CAST(records_received AS BIGINT) AS records_received,
           CAST(fields_propagated AS BIGINT) AS fields_propagated,
           CAST(rejected_unknown_person AS BIGINT) AS rejected_unknown_person,
           CAST(replays AS BIGINT) AS replays,
           CAST(gaps AS BIGINT) AS gaps
    FROM truth_expected_updates
)
SELECT coalesce(h.deanery_code, t.deanery_code) AS deanery_code,
       coalesce(h.quarter, t.quarter) AS quarter,
       coalesce(h.records_received, 0) AS records_received, coalesce(t.records_received, 0) AS truth_records_received,
       coalesce(h.fields_propagated, 0) AS fields_propagated, coalesce(t.fields_propagated, 0) AS truth_fields_propagated,
       coalesce(h.rejected_unknown_person, 0) AS rejected_unknown_person, coalesce(t.rejected_unknown_person, 0) AS truth_rejected_unknown_person,
       coalesce(h.replays, 0) AS replays, coalesce(t.replays, 0) AS truth_replays,
       coalesce(h.gaps, 0) AS gaps, coalesce(t.gaps, 0) AS truth_gaps
FROM exchange_updates_by_quarter h
FULL JOIN truth t ON t.deanery_code = h.deanery_code AND t.quarter = h.quarter
ORDER BY 1, 2;
