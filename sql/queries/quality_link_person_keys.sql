-- Each ESR person of the staff extracts in comparison form: the values of
-- the person's most recent STF row (file date, then lastUpdated), the start
-- of their latest period and the deaneries whose extracts hold them.
INSERT INTO quality_person_key
WITH s AS (
    SELECT r.*, f.file_date, f.deanery_code AS file_deanery
    FROM stf_record r JOIN source_file f ON f.file_name = r.file_name AND f.status = 'LOADED'
    WHERE r.esr_person_number IS NOT NULL
),
latest AS (
    SELECT * FROM s
    QUALIFY row_number() OVER (PARTITION BY esr_person_number
                               ORDER BY file_date DESC, last_updated DESC, file_name DESC, line_number DESC) = 1
),
agg AS (
    SELECT esr_person_number, max(start_date) AS latest_start,
           list(DISTINCT file_deanery ORDER BY file_deanery) AS deanery_codes
    FROM s GROUP BY ALL
),
k AS (
    SELECT l.esr_person_number,
           norm_name(l.last_name) AS last_name, norm_name(l.previous_last_name) AS previous_last_name,
           norm_first_name(l.first_name) AS first_name, l.dob AS date_of_birth, norm_gender(l.gender) AS gender,
           norm_nino(l.ni_number) AS ni_number, norm_gmc(l.gmc_number) AS gmc_number,
           norm_email(l.email_address) AS email, norm_postcode(l.postcode) AS postcode,
           norm_name(l.address1) AS address_line1, a.latest_start, a.deanery_codes
    FROM latest l JOIN agg a USING (esr_person_number)
)
SELECT *, hash(last_name, previous_last_name, first_name, date_of_birth, gender, ni_number, gmc_number,
               email, postcode, address_line1) AS input_hash
FROM k;
