-- rule: esr_gmc_unique
-- category: uniqueness
-- description: ESR persons sharing a GMC number with another ESR person (one person per GMC number; a second person for one doctor splits their history).
-- warn: count 1
-- fail: percent 1
SELECT unnest(deanery_codes) AS deanery_code, CAST(esr_person_number AS VARCHAR) AS record_key,
       count(*) OVER (PARTITION BY gmc_number) > 1 AS offending,
       'gmcNumber ' || gmc_number || ' held by ' || count(*) OVER (PARTITION BY gmc_number) || ' persons' AS detail
FROM quality_person_key WHERE valid_gmc(gmc_number);
