-- rule: trainee_postcode_valid
-- category: validity
-- description: Trainee postcodes that are not a valid UK postcode once spaces are normalised.
-- warn: count 1 percent 0.5
-- fail: percent 5
SELECT deanery_code, trainee_id AS record_key, NOT valid_postcode(norm_postcode(postcode)) AS offending,
       'postcode ' || postcode AS detail
FROM trainee WHERE NOT deleted AND norm_postcode(postcode) IS NOT NULL;
