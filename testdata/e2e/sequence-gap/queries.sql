SELECT deanery_code, file_type, missing_sequence, found_in_file, load_id FROM sequence_gap ORDER BY ALL;
SELECT load_id, file_name, sequence_number, status, out_of_order FROM source_file ORDER BY ALL;
SELECT file_name, flag_code, message FROM value_flag ORDER BY ALL;
SELECT file_name, count(*) AS por_records FROM por_record GROUP BY ALL ORDER BY ALL;
