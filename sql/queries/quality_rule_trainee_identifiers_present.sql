-- rule: trainee_identifiers_present
-- category: completeness
-- description: Trainees of the latest quarter's person population without a GMC number or without an NI number (the keys that link them to ESR).
-- warn: percent 2
-- fail: percent 10
SELECT t.deanery_code, t.trainee_id AS record_key,
       norm_gmc(t.gmc_number) IS NULL OR norm_nino(t.ni_number) IS NULL AS offending,
       CASE WHEN norm_gmc(t.gmc_number) IS NULL THEN 'no GMC number' ELSE '' END ||
       CASE WHEN norm_gmc(t.gmc_number) IS NULL AND norm_nino(t.ni_number) IS NULL THEN ', ' ELSE '' END ||
       CASE WHEN norm_nino(t.ni_number) IS NULL THEN 'no NI number' ELSE '' END AS detail
FROM trainee t
SEMI JOIN quality_person_population p ON p.deanery_code = t.deanery_code AND p.trainee_id = t.trainee_id
      AND p.quarter = (SELECT last_quarter FROM quality_run WHERE run_id = $run_id);
