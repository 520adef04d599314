-- The u probabilities: how often each field compares at each level for
-- random trainee-person pairs, every pair of $sample trainees and $sample
-- persons drawn by a hash of their keys (the same warehouse gives the same
-- draw; a side smaller than the sample is taken whole).
WITH t AS (SELECT * FROM quality_trainee_key ORDER BY hash(deanery_code, trainee_id, 'u') LIMIT $sample),
p AS (SELECT * FROM quality_person_key ORDER BY hash(esr_person_number, 'u') LIMIT $sample),
levels AS (
    SELECT link_level_surname(t.last_name, t.previous_last_name, p.last_name, p.previous_last_name) AS last_name,
           link_level_name(t.first_name, p.first_name) AS first_name,
           link_level_date(t.date_of_birth, p.date_of_birth) AS date_of_birth,
           link_level_exact(t.gender, p.gender) AS gender,
           link_level_code(t.ni_number, p.ni_number) AS ni_number,
           link_level_code(t.gmc_number, p.gmc_number) AS gmc_number,
           link_level_email(t.email, p.email) AS email,
           link_level_postcode(t.postcode, p.postcode) AS postcode,
           link_level_name(t.address_line1, p.address_line1) AS address_line1
    FROM t CROSS JOIN p
)
SELECT field, level, count(*) AS pairs
FROM levels UNPIVOT (level FOR field IN (last_name, first_name, date_of_birth, gender, ni_number, gmc_number,
                                         email, postcode, address_line1))
GROUP BY ALL ORDER BY ALL;
