-- The demo's check of a generated world's reader findings: each flag code
-- on trainee records, counted per (trainee, code), beside the faults the
-- truth injected that must raise it. Reads the truth (the truth_<table> views).
WITH flagged AS (
    SELECT f.flag_code, count(DISTINCT t.deanery_code || '/' || t.trainee_id) AS records
    FROM value_flag f
    JOIN trainee_version t ON t.file_name = f.file_name AND t.line_number = f.line_number
    GROUP BY ALL
),
predicted AS (
    SELECT CASE kind
               WHEN 'NI_INVALID' THEN 'NINO_INVALID'
               WHEN 'CSV_COMMA' THEN 'PCODE_INVALID'
               WHEN 'GMC_MISSING' THEN 'GMC_PLACEHOLDER'
           END AS flag_code,
           count(DISTINCT entity_id) AS records
    FROM truth_fault
    WHERE side = 'DEANERY' AND entity_type = 'TRAINEE'
      AND (kind IN ('NI_INVALID', 'CSV_COMMA') OR (kind = 'GMC_MISSING' AND coalesce(recorded_value, '') <> ''))
      AND CAST(effective_at AS TIMESTAMP) < CAST($world_to AS DATE) + INTERVAL 1 DAY
    GROUP BY ALL
)
SELECT flag_code,
       coalesce(f.records, 0) AS records_flagged,
       coalesce(p.records, 0) AS truth_faults
FROM flagged f
FULL JOIN predicted p USING (flag_code)
ORDER BY flag_code;
