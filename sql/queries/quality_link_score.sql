-- Match weight of every candidate pair: the prior log-odds of the run plus
-- each field's weight at its level (quality_link_parameter); an exact
-- surname weighs log2(m / frequency of that surname among ESR persons).
UPDATE quality_link_candidate c SET match_weight = w.weight, match_probability = 1 / (1 + pow(2, -w.weight))
FROM (
    SELECT l.deanery_code, l.trainee_id, l.esr_person_number,
           any_value(log2(r.match_prior / (1 - r.match_prior))) + sum(
               CASE WHEN l.level = 'NULL' THEN 0
                    WHEN l.field = 'last_name' AND l.level = 'EXACT' AND l.surname_frequency IS NOT NULL
                        THEN log2(m.m / greatest(l.surname_frequency, 1e-9))
                    ELSE m.weight END) AS weight
    FROM (
        SELECT * FROM (
            SELECT deanery_code, trainee_id, esr_person_number, surname_frequency,
                   last_name_level AS last_name, first_name_level AS first_name,
                   date_of_birth_level AS date_of_birth, gender_level AS gender, ni_number_level AS ni_number,
                   gmc_number_level AS gmc_number, email_level AS email, postcode_level AS postcode,
                   address_line1_level AS address_line1
            FROM quality_link_candidate
        ) UNPIVOT (level FOR field IN (last_name, first_name, date_of_birth, gender, ni_number, gmc_number,
                                       email, postcode, address_line1))
    ) l
    JOIN quality_run r ON r.run_id = $run_id
    LEFT JOIN quality_link_parameter m ON m.run_id = $run_id AND m.field = l.field AND m.level = l.level
    GROUP BY l.deanery_code, l.trainee_id, l.esr_person_number
) w
WHERE c.deanery_code = w.deanery_code AND c.trainee_id = w.trainee_id AND c.esr_person_number = w.esr_person_number;
