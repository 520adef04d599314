-- The deterministic tiers (8.1, domain 4 joins): (1) the assignment id ESR
-- returned in an APC SUCCESS for one of the trainee's placements, to the
-- person holding that assignment in an STF or ASG row; (2) the same valid
-- GMC number and date of birth; (3) the same NI number and date of birth.
INSERT INTO quality_link_proposal (deanery_code, trainee_id, esr_person_number, tier, priority, strength)
WITH loaded AS (
    SELECT file_name, file_date FROM source_file WHERE status = 'LOADED' AND file_kind = 'INTERFACE'
),
confirmed AS (
    SELECT app.deanery_placement_id AS placement_id, fa.deanery_code, apc.assignment_id,
           max(fc.file_date) AS confirmed_on
    FROM app_record app
    JOIN source_file fa ON fa.file_name = app.file_name AND fa.status = 'LOADED'
    JOIN apc_record apc ON apc.app_file_name = app.file_name AND apc.esr_vacancy_id = app.ordinal
    JOIN loaded fc ON fc.file_name = apc.file_name
    WHERE apc.load_status_code = 'SUCCESS' AND apc.assignment_id IS NOT NULL
    GROUP BY ALL
),
holder AS (
    SELECT DISTINCT r.assignment_id, r.esr_person_number FROM stf_record r JOIN loaded USING (file_name)
    WHERE r.assignment_id IS NOT NULL AND r.esr_person_number IS NOT NULL
    UNION
    SELECT DISTINCT r.assignment_id, r.esr_person_number FROM asg_record r JOIN loaded USING (file_name)
    WHERE r.assignment_id IS NOT NULL AND r.esr_person_number IS NOT NULL
),
by_assignment AS (
    SELECT c.deanery_code, p.trainee_id, h.esr_person_number, 'ASSIGNMENT_ID' AS tier, 1 AS priority,
           max(epoch(c.confirmed_on)) AS strength
    FROM confirmed c
    JOIN placement p ON p.deanery_code = c.deanery_code AND p.placement_id = c.placement_id
    JOIN holder h USING (assignment_id)
    JOIN quality_person_key k USING (esr_person_number)
    GROUP BY ALL
),
by_gmc AS (
    SELECT t.deanery_code, t.trainee_id, p.esr_person_number, 'GMC_DOB', 2, coalesce(epoch(p.latest_start), 0)
    FROM quality_trainee_key t JOIN quality_person_key p ON p.gmc_number = t.gmc_number AND p.date_of_birth = t.date_of_birth
    WHERE valid_gmc(t.gmc_number)
),
by_nino AS (
    SELECT t.deanery_code, t.trainee_id, p.esr_person_number, 'NI_DOB', 3, coalesce(epoch(p.latest_start), 0)
    FROM quality_trainee_key t JOIN quality_person_key p ON p.ni_number = t.ni_number AND p.date_of_birth = t.date_of_birth
    WHERE valid_nino(t.ni_number)
)
SELECT * FROM by_assignment
UNION ALL SELECT * FROM by_gmc
UNION ALL SELECT * FROM by_nino;
