-- rule: trainee_gmc_unique
-- category: uniqueness
-- description: Trainee records of one deanery sharing a GMC number with another record of the same deanery (one person per GMC number).
-- warn: count 1
-- fail: percent 1
SELECT deanery_code, trainee_id AS record_key,
       count(*) OVER (PARTITION BY deanery_code, norm_gmc(gmc_number)) > 1 AS offending,
       'gmc_number ' || norm_gmc(gmc_number) || ' held by ' ||
       count(*) OVER (PARTITION BY deanery_code, norm_gmc(gmc_number)) || ' records' AS detail
FROM trainee WHERE NOT deleted AND valid_gmc(norm_gmc(gmc_number));
