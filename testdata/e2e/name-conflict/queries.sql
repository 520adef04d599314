SELECT load_id, file_name, status, reason_code, reason FROM source_file ORDER BY load_id;
SELECT esr_person_number, mobile_tel FROM per_record;
SELECT (SELECT count(*) FROM pos_record) + (SELECT count(*) FROM por_record) + (SELECT count(*) FROM per_record)
     + (SELECT count(*) FROM add_record) + (SELECT count(*) FROM asg_record) + (SELECT count(*) FROM pbd_record) AS records;
