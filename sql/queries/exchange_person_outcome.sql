-- The outcome of each person record of the RMC/RMF file $file_name (5.8):
-- applied to the trainee its person number is linked to, in change
-- timestamp then line order, or rejected UNKNOWN_PERSON and kept.
INSERT INTO person_record_outcome (file_name, line_number, deanery_code, record_type, esr_person_number,
                                   change_timestamp, apply_order, trainee_id, outcome, reason_code,
                                   fields_propagated, applied_at)
WITH f AS (
    SELECT file_name, deanery_code, created_at FROM source_file WHERE file_name = $file_name AND status = 'LOADED'
),
recs AS (
    SELECT file_name, line_number, 'PER' AS record_type, esr_person_number, change_timestamp FROM per_record WHERE file_name = $file_name
    UNION ALL SELECT file_name, line_number, 'ADD', esr_person_number, change_timestamp FROM add_record WHERE file_name = $file_name
    UNION ALL SELECT file_name, line_number, 'ASG', esr_person_number, change_timestamp FROM asg_record WHERE file_name = $file_name
    UNION ALL SELECT file_name, line_number, 'PBD', esr_person_number, change_timestamp FROM pbd_record WHERE file_name = $file_name
)
SELECT r.file_name, r.line_number, f.deanery_code, r.record_type, r.esr_person_number, r.change_timestamp,
       row_number() OVER (ORDER BY r.change_timestamp, r.line_number),
       l.trainee_id,
       CASE WHEN l.trainee_id IS NULL THEN 'REJECTED' ELSE 'APPLIED' END,
       CASE WHEN l.trainee_id IS NULL THEN 'UNKNOWN_PERSON' END,
       0, f.created_at
FROM recs r CROSS JOIN f
LEFT JOIN person_link l ON l.deanery_code = f.deanery_code AND l.esr_person_number = r.esr_person_number;
