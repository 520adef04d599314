-- Every file once per load that saw it, with what became of it.
SELECT load_id, file_name, file_type, sequence_number, status, coalesce(reason_code, '') AS reason_code, out_of_order FROM source_file ORDER BY load_id, file_name, status;
-- Gaps, found once each.
SELECT deanery_code, file_type, missing_sequence, found_in_file, load_id FROM sequence_gap ORDER BY ALL;
SELECT file_name, flag_code FROM value_flag ORDER BY ALL;
-- Nothing counted twice: one set of records per file loaded.
SELECT file_name, count(*) AS por_records FROM por_record GROUP BY ALL ORDER BY ALL;
SELECT file_name, count(*) AS post_versions FROM post_version GROUP BY ALL ORDER BY ALL;
SELECT load_id, files_seen, files_loaded, files_replayed, files_rejected, records_loaded FROM load_run ORDER BY load_id;
