SELECT file_name, file_type, direction, sequence_number, file_date, created_at, format_version, mode, record_count FROM source_file ORDER BY ALL;
SELECT * FROM dnc_record ORDER BY line_number;
SELECT * FROM dcc_record ORDER BY line_number;
SELECT * FROM pos_record ORDER BY line_number;
SELECT * FROM por_record ORDER BY line_number;
SELECT * FROM per_record ORDER BY line_number;
SELECT * FROM add_record ORDER BY line_number;
SELECT * FROM asg_record ORDER BY line_number;
SELECT * FROM pbd_record ORDER BY line_number;
