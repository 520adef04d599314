-- Field agreement and incompleteness (8.3) per quarter, deanery and trust
-- (ALL pools them): persons over linked trainees, placements over ALIGNED
-- placements.
INSERT INTO quality_alignment_field
WITH person AS (
    SELECT quarter, deanery_code, coalesce(trust_code, '?') AS trust_code, field, outcome
    FROM (SELECT * FROM quality_person_score WHERE linked)
    UNPIVOT INCLUDE NULLS (outcome FOR field IN (last_name, first_name, date_of_birth, gender, ni_number, gmc_number,
                                                 email, postcode, address_line1))
),
placement AS (
    SELECT quarter, deanery_code, coalesce(trust_code, '?') AS trust_code, field,
           CASE WHEN agrees IS NULL THEN 'ONE_EMPTY' WHEN agrees THEN 'AGREE' ELSE 'DIFFER' END AS outcome
    FROM (SELECT quarter, deanery_code, trust_code, start_date_agree AS start_date, end_date_agree AS end_date,
                 grade_agree AS grade, wte_agree AS wte
          FROM quality_placement_state WHERE state = 'ALIGNED')
    UNPIVOT INCLUDE NULLS (agrees FOR field IN (start_date, end_date, grade, wte))
),
alls AS (
    SELECT 'PERSON' AS entity, * FROM person
    UNION ALL
    SELECT 'PLACEMENT', * FROM placement
)
SELECT $run_id, coalesce(deanery_code, 'ALL'), coalesce(trust_code, 'ALL'), quarter, entity, field,
       count(*) AS pairs,
       count(outcome) AS compared,
       count(*) FILTER (WHERE outcome = 'AGREE') AS agree,
       count(*) FILTER (WHERE outcome = 'ONE_EMPTY') AS one_null,
       count(*) FILTER (WHERE outcome = 'AGREE') / nullif(count(outcome), 0),
       count(*) FILTER (WHERE outcome = 'ONE_EMPTY') / nullif(count(*), 0)
FROM alls
GROUP BY GROUPING SETS ((quarter, entity, field, deanery_code, trust_code), (quarter, entity, field, deanery_code),
                        (quarter, entity, field));
