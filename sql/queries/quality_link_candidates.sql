-- Blocking: the trainee-person pairs worth scoring, each rule a join on
-- values both sides must share (quality_link_blocking describes them), plus
-- every pair a key tier proposed. Each pair is compared field by field at
-- the levels of the probabilistic tier.
INSERT INTO quality_link_candidate
WITH blocked AS (
    SELECT deanery_code, trainee_id, esr_person_number, 'KEY' AS rule FROM quality_link_proposal WHERE priority < 4
    UNION ALL
    SELECT t.deanery_code, t.trainee_id, p.esr_person_number, 'DOB'
    FROM quality_trainee_key t JOIN quality_person_key p ON p.date_of_birth = t.date_of_birth
    UNION ALL
    SELECT t.deanery_code, t.trainee_id, p.esr_person_number, 'GMC'
    FROM quality_trainee_key t JOIN quality_person_key p ON p.gmc_number = t.gmc_number
    UNION ALL
    SELECT t.deanery_code, t.trainee_id, p.esr_person_number, 'NINO'
    FROM quality_trainee_key t JOIN quality_person_key p ON p.ni_number = t.ni_number
    UNION ALL
    SELECT t.deanery_code, t.trainee_id, p.esr_person_number, 'NAME'
    FROM quality_trainee_key t JOIN quality_person_key p ON p.last_name = t.last_name AND p.first_name = t.first_name
    UNION ALL
    SELECT t.deanery_code, t.trainee_id, p.esr_person_number, 'DOB_TRANSPOSED'
    FROM quality_trainee_key t JOIN quality_person_key p
      ON day(p.date_of_birth) <= 12 AND t.date_of_birth = make_date(year(p.date_of_birth), day(p.date_of_birth), month(p.date_of_birth))
    UNION ALL
    SELECT t.deanery_code, t.trainee_id, p.esr_person_number, 'FIRST_NAME_POSTCODE'
    FROM quality_trainee_key t JOIN quality_person_key p ON p.first_name = t.first_name AND p.postcode = t.postcode
),
pairs AS (
    SELECT deanery_code, trainee_id, esr_person_number, list(DISTINCT rule ORDER BY rule) AS rules
    FROM blocked GROUP BY ALL
),
surnames AS (
    SELECT last_name, count(*) / (SELECT count(*) FROM quality_person_key) AS frequency
    FROM quality_person_key WHERE last_name IS NOT NULL GROUP BY ALL
)
SELECT x.deanery_code, x.trainee_id, x.esr_person_number, x.rules,
       link_level_surname(t.last_name, t.previous_last_name, p.last_name, p.previous_last_name),
       link_level_name(t.first_name, p.first_name),
       link_level_date(t.date_of_birth, p.date_of_birth),
       link_level_exact(t.gender, p.gender),
       link_level_code(t.ni_number, p.ni_number),
       link_level_code(t.gmc_number, p.gmc_number),
       link_level_email(t.email, p.email),
       link_level_postcode(t.postcode, p.postcode),
       link_level_name(t.address_line1, p.address_line1),
       s.frequency, NULL, NULL
FROM pairs x
JOIN quality_trainee_key t USING (deanery_code, trainee_id)
JOIN quality_person_key p USING (esr_person_number)
LEFT JOIN surnames s ON s.last_name = t.last_name AND s.last_name = p.last_name;
