-- The file, as source_file records it.
SELECT file_name, file_kind, status, reason_code, reason, record_count FROM source_file ORDER BY ALL;

-- Nothing of it reached the warehouse: no record, no reject, no flag.
SELECT (SELECT count(*) FROM pos_record) + (SELECT count(*) FROM por_record) + (SELECT count(*) FROM per_record)
     + (SELECT count(*) FROM add_record) + (SELECT count(*) FROM asg_record) + (SELECT count(*) FROM pbd_record) AS records,
       (SELECT count(*) FROM rejected_record) AS rejected,
       (SELECT count(*) FROM value_flag) AS flagged,
       (SELECT count(*) FROM sequence_gap) AS gaps;
