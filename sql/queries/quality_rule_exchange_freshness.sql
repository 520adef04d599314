-- rule: exchange_freshness
-- category: timeliness
-- description: Streams (deanery and file type) whose latest loaded file is older than their cadence allows on the latest file date: 100 days for quarterly extracts and staff extracts; for interface files (RMC and RMF together as one update stream) the longest silence the stream has had before, and at least 10 days.
-- warn: count 1
-- fail: percent 20
WITH r AS (SELECT * FROM quality_run WHERE run_id = $run_id),
files AS (
    SELECT DISTINCT deanery_code, CASE WHEN file_type IN ('RMC', 'RMF') THEN 'RMC/RMF' ELSE file_type END AS file_type,
           file_date
    FROM source_file
    WHERE status = 'LOADED' AND deanery_code IS NOT NULL
      AND file_type IN ('STF', 'TRAINEE', 'POST', 'PLACEMENT', 'RMC', 'RMF', 'APC', 'DCC', 'APP', 'DNC')
),
gaps AS (
    SELECT *, datediff('day', lag(file_date) OVER (PARTITION BY deanery_code, file_type ORDER BY file_date), file_date) AS gap
    FROM files
),
streams AS (
    SELECT deanery_code, file_type, max(file_date) AS last_date,
           CASE WHEN file_type IN ('STF', 'TRAINEE', 'POST', 'PLACEMENT') THEN 100
                ELSE greatest(10, coalesce(max(gap), 0)) END AS allowed
    FROM gaps GROUP BY deanery_code, file_type
)
SELECT s.deanery_code, s.file_type AS record_key,
       datediff('day', s.last_date, r.data_as_of) > s.allowed AS offending,
       'last file ' || s.last_date || ', ' || datediff('day', s.last_date, r.data_as_of) || ' days before the latest file; '
           || s.allowed || ' allowed' AS detail
FROM streams s, r;
