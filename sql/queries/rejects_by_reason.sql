-- Rejected records of one load, counted by file, record type and reason.
SELECT file_name, record_type, reason_code, count(*) AS records
FROM rejected_record
WHERE load_id = $load_id
GROUP BY ALL
ORDER BY file_name, record_type, reason_code;
