SELECT file_name, status, record_count, rejected_count FROM source_file;
SELECT line_number, record_type, field, reason_code, message, raw_text FROM rejected_record ORDER BY line_number;
SELECT line_number, record_type, field, flag_code, message FROM value_flag ORDER BY ALL;
SELECT 'pos_record' AS table_name, count(*) AS row_count FROM pos_record
UNION ALL SELECT 'por_record', count(*) FROM por_record
UNION ALL SELECT 'per_record', count(*) FROM per_record
UNION ALL SELECT 'add_record', count(*) FROM add_record
UNION ALL SELECT 'asg_record', count(*) FROM asg_record
UNION ALL SELECT 'pbd_record', count(*) FROM pbd_record;
SELECT line_number, ordinal, position_id, deanery_number, employing_org_vpd_code FROM por_record;
SELECT line_number, ordinal, registration_number FROM pbd_record;
