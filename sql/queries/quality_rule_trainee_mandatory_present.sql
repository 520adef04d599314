-- rule: trainee_mandatory_present
-- category: completeness
-- description: Trainees of the latest quarter's person population missing a detail ESR requires on an applicant: surname, first forename or date of birth.
-- warn: count 1
-- fail: percent 1
SELECT t.deanery_code, t.trainee_id AS record_key,
       norm_name(t.surname) IS NULL OR norm_first_name(t.forenames) IS NULL OR t.date_of_birth IS NULL AS offending,
       'missing' || CASE WHEN norm_name(t.surname) IS NULL THEN ' surname' ELSE '' END ||
       CASE WHEN norm_first_name(t.forenames) IS NULL THEN ' forename' ELSE '' END ||
       CASE WHEN t.date_of_birth IS NULL THEN ' date_of_birth' ELSE '' END AS detail
FROM trainee t
SEMI JOIN quality_person_population p ON p.deanery_code = t.deanery_code AND p.trainee_id = t.trainee_id
      AND p.quarter = (SELECT last_quarter FROM quality_run WHERE run_id = $run_id);
