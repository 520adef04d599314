-- Each trainee's current values in comparison form (8.2), read from the
-- field timeline trainee_field_value (the 5.8 merge of extracts and applied
-- updates) as of $at.
INSERT INTO quality_trainee_key
WITH v AS (
    SELECT deanery_code, trainee_id,
           max(value) FILTER (WHERE field = 'surname') AS surname,
           max(value) FILTER (WHERE field = 'previous_surname') AS previous_surname,
           max(value) FILTER (WHERE field = 'forenames') AS forenames,
           max(value) FILTER (WHERE field = 'date_of_birth') AS date_of_birth,
           max(value) FILTER (WHERE field = 'gender') AS gender,
           max(value) FILTER (WHERE field = 'ni_number') AS ni_number,
           max(value) FILTER (WHERE field = 'gmc_number') AS gmc_number,
           max(value) FILTER (WHERE field = 'email') AS email,
           max(value) FILTER (WHERE field = 'postcode') AS postcode,
           max(value) FILTER (WHERE field = 'address1') AS address1
    FROM trainee_field_value
    WHERE valid_from <= $at AND (valid_to IS NULL OR valid_to > $at)
      AND field IN ('surname', 'previous_surname', 'forenames', 'date_of_birth', 'gender', 'ni_number',
                    'gmc_number', 'email', 'postcode', 'address1')
    GROUP BY ALL
),
k AS (
    SELECT deanery_code, trainee_id,
           norm_name(surname) AS last_name, norm_name(previous_surname) AS previous_last_name,
           norm_first_name(forenames) AS first_name, TRY_CAST(date_of_birth AS DATE) AS date_of_birth,
           norm_gender(gender) AS gender, norm_nino(ni_number) AS ni_number, norm_gmc(gmc_number) AS gmc_number,
           norm_email(email) AS email, norm_postcode(postcode) AS postcode, norm_name(address1) AS address_line1
    FROM v
)
SELECT *, hash(last_name, previous_last_name, first_name, date_of_birth, gender, ni_number, gmc_number,
               email, postcode, address_line1) AS input_hash
FROM k;
