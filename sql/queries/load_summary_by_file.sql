-- What the latest look at each file found: its status, records loaded and
-- rejected, and why a whole file was refused. Used by `deanery load`.
SELECT f.file_name,
       f.file_kind,
       f.file_type,
       f.deanery_code,
       f.status,
       coalesce(f.record_count, 0) - coalesce(f.rejected_count, 0) AS records_loaded,
       coalesce(f.rejected_count, 0) AS records_rejected,
       f.reason_code,
       f.reason
FROM source_file f
WHERE f.load_id = $load_id
ORDER BY f.file_name;
