-- One round of the one-to-one rule (8.1, within a deanery): choose every
-- proposal that is the strongest left for both its trainee and its person
-- (tier, then strength, then person number and trainee id). Repeated until
-- a round chooses nothing, this is the greedy assignment in that order.
UPDATE quality_link_proposal p SET chosen = true
FROM (
    WITH free AS (
        SELECT q.* FROM quality_link_proposal q
        WHERE NOT q.chosen
          AND NOT EXISTS (SELECT 1 FROM quality_link_proposal c
                          WHERE c.chosen AND c.deanery_code = q.deanery_code AND c.trainee_id = q.trainee_id)
          AND NOT EXISTS (SELECT 1 FROM quality_link_proposal c
                          WHERE c.chosen AND c.deanery_code = q.deanery_code AND c.esr_person_number = q.esr_person_number)
    ),
    ranked AS (
        SELECT *,
               row_number() OVER (PARTITION BY deanery_code, trainee_id
                                  ORDER BY priority, strength DESC, esr_person_number, trainee_id) AS by_trainee,
               row_number() OVER (PARTITION BY deanery_code, esr_person_number
                                  ORDER BY priority, strength DESC, esr_person_number, trainee_id) AS by_person
        FROM free
    )
    SELECT deanery_code, trainee_id, esr_person_number, tier FROM ranked WHERE by_trainee = 1 AND by_person = 1
) b
WHERE p.deanery_code = b.deanery_code AND p.trainee_id = b.trainee_id
  AND p.esr_person_number = b.esr_person_number AND p.tier = b.tier;
