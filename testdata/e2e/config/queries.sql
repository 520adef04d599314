SELECT load_id, file_name, file_type, status, record_count, rejected_count FROM source_file ORDER BY ALL;
SELECT * FROM deanery ORDER BY ALL;
SELECT * FROM trust ORDER BY ALL;
SELECT * FROM site ORDER BY ALL;
SELECT * FROM interface_pair ORDER BY ALL;
SELECT load_id, file_name, line_number, record_type, field, reason_code, message, raw_text FROM rejected_record ORDER BY ALL;
SELECT load_id, file_name, line_number, record_type, field, flag_code, message FROM value_flag ORDER BY ALL;
