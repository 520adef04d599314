-- rule: trainee_ni_valid
-- category: validity
-- description: Trainee NI numbers that break the HMRC format (two letters, six digits, a suffix A to D; no BG, GB, KN, NK, NT, TN or ZZ prefix).
-- warn: count 1 percent 0.5
-- fail: percent 5
SELECT deanery_code, trainee_id AS record_key, NOT valid_nino(norm_nino(ni_number)) AS offending,
       'ni_number ' || norm_nino(ni_number) AS detail
FROM trainee WHERE NOT deleted AND norm_nino(ni_number) IS NOT NULL;
