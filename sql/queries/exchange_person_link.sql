-- Person resolution for the RMC/RMF file $file_name (5.8 step 3, 5.11):
-- each person number of the file without a stored link is linked through
-- an assignment id of the file (ASG field 6, PER field 6) that ESR returned
-- in an APC SUCCESS for one of the deanery's placements, else through a PBD
-- registration number equal to the valid GMC of exactly one trainee of the
-- deanery. Links are stored for later files.
INSERT INTO person_link (deanery_code, esr_person_number, trainee_id, linked_by, file_name, linked_at)
WITH f AS (
    SELECT file_name, deanery_code, created_at FROM source_file WHERE file_name = $file_name AND status = 'LOADED'
),
persons AS (
    SELECT esr_person_number FROM per_record WHERE file_name = $file_name
    UNION SELECT esr_person_number FROM add_record WHERE file_name = $file_name
    UNION SELECT esr_person_number FROM asg_record WHERE file_name = $file_name
    UNION SELECT esr_person_number FROM pbd_record WHERE file_name = $file_name
),
unlinked AS (
    SELECT p.esr_person_number FROM persons p, f
    WHERE NOT EXISTS (SELECT 1 FROM person_link l WHERE l.deanery_code = f.deanery_code AND l.esr_person_number = p.esr_person_number)
),
asg_ids AS (
    SELECT esr_person_number, assignment_id FROM asg_record WHERE file_name = $file_name AND assignment_id IS NOT NULL
    UNION SELECT esr_person_number, assignment_id FROM per_record WHERE file_name = $file_name AND assignment_id IS NOT NULL
),
by_asg AS (
    SELECT a.esr_person_number, min(s.trainee_id) AS trainee_id
    FROM asg_ids a
    JOIN app_send_answer s ON s.assignment_id = a.assignment_id AND s.load_status_code = 'SUCCESS'
    JOIN f ON s.deanery_code = f.deanery_code
    GROUP BY ALL
),
gmc_owner AS (
    SELECT t.gmc_number, min(t.trainee_id) AS trainee_id, count(*) AS n
    FROM trainee_at((SELECT created_at FROM f)) t, f
    WHERE t.deanery_code = f.deanery_code AND regexp_full_match(coalesce(t.gmc_number, ''), '[0-9]{7}')
    GROUP BY ALL
),
by_gmc AS (
    SELECT b.esr_person_number, min(g.trainee_id) AS trainee_id
    FROM pbd_record b JOIN gmc_owner g ON g.gmc_number = b.registration_number AND g.n = 1
    WHERE b.file_name = $file_name
    GROUP BY ALL
)
SELECT f.deanery_code, u.esr_person_number,
       coalesce(a.trainee_id, g.trainee_id),
       CASE WHEN a.trainee_id IS NOT NULL THEN 'ASSIGNMENT_ID' ELSE 'PBD_GMC' END,
       f.file_name, f.created_at
FROM unlinked u CROSS JOIN f
LEFT JOIN by_asg a USING (esr_person_number)
LEFT JOIN by_gmc g USING (esr_person_number)
WHERE coalesce(a.trainee_id, g.trainee_id) IS NOT NULL;
