-- Rows per table.
SELECT 'deanery' AS table_name, count(*) AS row_count FROM deanery
UNION ALL SELECT 'trust', count(*) FROM trust
UNION ALL SELECT 'site', count(*) FROM site
UNION ALL SELECT 'interface_pair', count(*) FROM interface_pair
UNION ALL SELECT 'trainee_version', count(*) FROM trainee_version
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
UNION ALL SELECT 'source_file', count(*) FROM source_file
UNION ALL SELECT 'rejected_record', count(*) FROM rejected_record
UNION ALL SELECT 'value_flag', count(*) FROM value_flag
UNION ALL SELECT 'sequence_gap', count(*) FROM sequence_gap
UNION ALL SELECT 'load_run', count(*) FROM load_run;

-- What became of each file.
SELECT file_kind, file_type, deanery_code, sequence_number, status, record_count, rejected_count, reason_code, out_of_order
FROM source_file ORDER BY file_kind, file_name, load_id;

-- Records rejected, by reason.
SELECT reason_code, record_type, count(*) AS records FROM rejected_record GROUP BY ALL ORDER BY ALL;

-- Each rejected record, with its raw text.
SELECT file_name, line_number, record_type, field, reason_code, message, raw_text FROM rejected_record ORDER BY ALL;

-- Values flagged, by code.
SELECT flag_code, record_type, field, count(*) AS values_flagged FROM value_flag GROUP BY ALL ORDER BY ALL;

-- Sequence gaps.
SELECT deanery_code, file_type, missing_sequence, found_in_file FROM sequence_gap ORDER BY ALL;

-- Every APC record answers an APP record by file and ordinal; the
-- quarantined APP file has no answer at all.
SELECT a.file_name, count(*) AS app_records, count(c.esr_vacancy_id) AS answered,
       count(*) FILTER (WHERE c.load_status_code = 'SUCCESS') AS success,
       count(*) FILTER (WHERE c.load_status_code = 'FAIL') AS fail
FROM app_record a LEFT JOIN apc_record c ON c.app_file_name = a.file_name AND c.esr_vacancy_id = a.ordinal
GROUP BY ALL ORDER BY ALL;
SELECT count(*) AS apc_without_app FROM apc_record c
WHERE NOT EXISTS (SELECT 1 FROM app_record a WHERE a.file_name = c.app_file_name AND a.ordinal = c.esr_vacancy_id);

-- Every DCC record answers a DNC or DNF record.
SELECT d.file_name, count(*) AS notifications, count(c.record_ordinal) AS answered
FROM dnc_record d LEFT JOIN dcc_record c ON c.dnc_file_name = d.file_name AND c.record_ordinal = d.ordinal
GROUP BY ALL ORDER BY ALL;

-- The staff extracts hold the hired trainees: STF rows per deanery,
-- and those whose GMC number a deanery extract also holds.
SELECT f.deanery_code, count(*) AS stf_rows,
       count(*) FILTER (WHERE s.deanery_number IS NOT NULL) AS training_posts,
       count(*) FILTER (WHERE s.gmc_number IN (SELECT gmc_number FROM trainee_version)) AS gmc_in_extract
FROM stf_record s JOIN source_file f USING (file_name) GROUP BY ALL ORDER BY ALL;

-- The hazards, as loaded: a name read as Windows-1252, a backslash before a
-- quote, an unpadded VPD, a comma inside a postcode, dates that are no day.
SELECT last_name, first_name, postcode FROM stf_record WHERE last_name = 'Fournier';
SELECT position_id, position_title FROM pos_record WHERE position_id = 2346120;
SELECT position_id, employing_org_vpd_code FROM por_record WHERE position_id = 2346120;
SELECT esr_person_number, postcode, country FROM add_record ORDER BY ALL;
SELECT deanery_code, trainee_id, surname, date_of_birth, postcode FROM trainee_version
WHERE trainee_id IN ('000031155', 'EMP0000207') ORDER BY ALL;
SELECT deanery_code, post_id, approved_grade, npn_grade FROM post_version WHERE post_id = 'EMP0002003';

-- Deanery side per deanery: distinct records and row versions.
SELECT deanery_code,
       (SELECT count(DISTINCT trainee_id) FROM trainee_version t WHERE t.deanery_code = d.deanery_code) AS trainees,
       (SELECT count(DISTINCT post_id) FROM post_version p WHERE p.deanery_code = d.deanery_code) AS posts,
       (SELECT count(DISTINCT placement_id) FROM placement_version p WHERE p.deanery_code = d.deanery_code) AS placements
FROM deanery d ORDER BY ALL;
