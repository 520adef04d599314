-- What each field contributed to each link's match weight.
INSERT INTO quality_link_contribution
SELECT k.link_id, l.field, l.level,
       CASE WHEN l.level = 'NULL' THEN 0
            WHEN l.field = 'last_name' AND l.level = 'EXACT' AND l.surname_frequency IS NOT NULL
                THEN log2(m.m / greatest(l.surname_frequency, 1e-9))
            ELSE coalesce(m.weight, 0) END
FROM quality_person_link k
JOIN (
    SELECT * FROM (
        SELECT deanery_code, trainee_id, esr_person_number, surname_frequency,
               last_name_level AS last_name, first_name_level AS first_name,
               date_of_birth_level AS date_of_birth, gender_level AS gender, ni_number_level AS ni_number,
               gmc_number_level AS gmc_number, email_level AS email, postcode_level AS postcode,
               address_line1_level AS address_line1
        FROM quality_link_candidate
    ) UNPIVOT (level FOR field IN (last_name, first_name, date_of_birth, gender, ni_number, gmc_number,
                                   email, postcode, address_line1))
) l USING (deanery_code, trainee_id, esr_person_number)
LEFT JOIN quality_link_parameter m ON m.run_id = $run_id AND m.field = l.field AND m.level = l.level;
