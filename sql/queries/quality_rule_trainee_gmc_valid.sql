-- rule: trainee_gmc_valid
-- category: validity
-- description: Trainee GMC numbers that are not seven digits (placeholders such as UNKNOWN count as missing, not invalid).
-- warn: count 1 percent 0.5
-- fail: percent 5
SELECT deanery_code, trainee_id AS record_key, NOT valid_gmc(norm_gmc(gmc_number)) AS offending,
       'gmc_number ' || norm_gmc(gmc_number) AS detail
FROM trainee WHERE NOT deleted AND norm_gmc(gmc_number) IS NOT NULL;
