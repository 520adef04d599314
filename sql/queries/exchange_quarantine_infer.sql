-- Quarantine inference (5.2, 5.11): at the start of the runs of $run_date,
-- an earlier APP file of a running deanery with a record that no APC (loaded
-- by the run's 17:00) names is quarantined. Each file is found once.
INSERT INTO app_quarantine (file_name, deanery_code, file_date, detected_run_date, records, unanswered_records, max_records_per_dpn)
WITH runs AS (
    SELECT deanery_code, run_date, as_of FROM exchange_run WHERE run_date = CAST($run_date AS DATE)
),
answers AS (
    SELECT DISTINCT r.app_file_name, r.esr_vacancy_id
    FROM apc_record r JOIN source_file f ON f.file_name = r.file_name AND f.status = 'LOADED'
    WHERE f.created_at <= CAST($run_date AS DATE) + INTERVAL 17 HOUR
),
per_dpn AS (
    SELECT file_name, max(n) AS max_n FROM (SELECT file_name, dpn, count(*) AS n FROM app_send GROUP BY ALL) GROUP BY ALL
)
SELECT s.file_name, s.deanery_code, min(s.run_date), CAST($run_date AS DATE),
       count(*), count(*) FILTER (WHERE a.app_file_name IS NULL), any_value(p.max_n)
FROM app_send s
JOIN runs USING (deanery_code)
JOIN per_dpn p USING (file_name)
LEFT JOIN answers a ON a.app_file_name = s.file_name AND a.esr_vacancy_id = s.ordinal
WHERE s.run_date < runs.run_date
  AND s.file_name NOT IN (SELECT file_name FROM app_quarantine)
GROUP BY s.file_name, s.deanery_code
HAVING count(*) FILTER (WHERE a.app_file_name IS NULL) > 0;
