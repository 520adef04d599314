-- The data tables hold what the first load wrote, once.
SELECT 'trainee_version' AS table_name, count(*) AS row_count FROM trainee_version
UNION ALL SELECT 'post_version', count(*) FROM post_version
UNION ALL SELECT 'placement_version', count(*) FROM placement_version
UNION ALL SELECT 'app_record', count(*) FROM app_record
UNION ALL SELECT 'apc_record', count(*) FROM apc_record
UNION ALL SELECT 'dnc_record', count(*) FROM dnc_record
UNION ALL SELECT 'dcc_record', count(*) FROM dcc_record
UNION ALL SELECT 'pos_record', count(*) FROM pos_record
UNION ALL SELECT 'por_record', count(*) FROM por_record
UNION ALL SELECT 'per_record', count(*) FROM per_record
UNION ALL SELECT 'add_record', count(*) FROM add_record
UNION ALL SELECT 'asg_record', count(*) FROM asg_record
UNION ALL SELECT 'pbd_record', count(*) FROM pbd_record
UNION ALL SELECT 'stf_record', count(*) FROM stf_record
UNION ALL SELECT 'trust', count(*) FROM trust
UNION ALL SELECT 'rejected_record', count(*) FROM rejected_record
UNION ALL SELECT 'value_flag', count(*) FROM value_flag
UNION ALL SELECT 'sequence_gap', count(*) FROM sequence_gap;

-- Rejects, flags and gaps all come from the first load.
SELECT 'rejected_record' AS table_name, load_id, count(*) AS row_count FROM rejected_record GROUP BY ALL
UNION ALL SELECT 'value_flag', load_id, count(*) FROM value_flag GROUP BY ALL
UNION ALL SELECT 'sequence_gap', load_id, count(*) FROM sequence_gap GROUP BY ALL
ORDER BY ALL;

-- Each load's view of the files.
SELECT load_id, status, reason_code, count(*) AS files FROM source_file GROUP BY ALL ORDER BY ALL;
SELECT load_id, files_seen, files_loaded, files_replayed, files_rejected, records_loaded, records_rejected
FROM load_run ORDER BY load_id;
