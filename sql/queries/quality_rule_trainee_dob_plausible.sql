-- rule: trainee_dob_plausible
-- category: validity
-- description: Trainees whose date of birth gives an age outside 20 to 75 on the latest file date.
-- warn: count 1 percent 0.5
-- fail: percent 5
SELECT t.deanery_code, t.trainee_id AS record_key,
       date_of_birth > CAST(r.data_as_of - INTERVAL 20 YEAR AS DATE) OR date_of_birth < CAST(r.data_as_of - INTERVAL 75 YEAR AS DATE) AS offending,
       'date_of_birth ' || date_of_birth AS detail
FROM trainee t, quality_run r
WHERE r.run_id = $run_id AND NOT t.deleted AND t.date_of_birth IS NOT NULL;
