-- Person alignment per record (8.2, 8.3): for each trainee of each
-- quarter's population, the deanery value of each field at the quarter end
-- (field timeline trainee_field_value) against the linked ESR person's most
-- recent STF row dated by the quarter end, in the 8.2 normal forms.
INSERT INTO quality_person_score
WITH q AS (SELECT * FROM quality_quarters($run_id)),
pop AS (SELECT p.*, q.last_day, q.next_day FROM quality_person_population p JOIN q USING (quarter)),
dv AS (
    SELECT pop.quarter, pop.deanery_code, pop.trainee_id,
           max(v.value) FILTER (WHERE v.field = 'surname') AS surname,
           max(v.value) FILTER (WHERE v.field = 'forenames') AS forenames,
           max(v.value) FILTER (WHERE v.field = 'date_of_birth') AS date_of_birth,
           max(v.value) FILTER (WHERE v.field = 'gender') AS gender,
           max(v.value) FILTER (WHERE v.field = 'ni_number') AS ni_number,
           max(v.value) FILTER (WHERE v.field = 'gmc_number') AS gmc_number,
           max(v.value) FILTER (WHERE v.field = 'email') AS email,
           max(v.value) FILTER (WHERE v.field = 'postcode') AS postcode,
           max(v.value) FILTER (WHERE v.field = 'address1') AS address1
    FROM pop JOIN trainee_field_value v
      ON v.deanery_code = pop.deanery_code AND v.trainee_id = pop.trainee_id
     AND v.valid_from < pop.next_day AND (v.valid_to IS NULL OR v.valid_to >= pop.next_day)
    WHERE v.field IN ('surname', 'forenames', 'date_of_birth', 'gender', 'ni_number', 'gmc_number', 'email',
                      'postcode', 'address1')
    GROUP BY ALL
),
person_image AS (
    SELECT r.esr_person_number, f.file_date,
           arg_max({last_name: r.last_name, first_name: r.first_name, dob: r.dob, gender: r.gender,
                    ni_number: r.ni_number, gmc_number: r.gmc_number, email: r.email_address,
                    postcode: r.postcode, address1: r.address1},
                   (r.last_updated, r.file_name, r.line_number)) AS v
    FROM stf_record r JOIN source_file f ON f.file_name = r.file_name AND f.status = 'LOADED'
    WHERE r.esr_person_number IS NOT NULL
    GROUP BY ALL
),
lk AS (
    SELECT pop.quarter, pop.deanery_code, pop.trainee_id, pop.last_day, l.esr_person_number
    FROM pop JOIN quality_person_link l USING (deanery_code, trainee_id)
    WHERE l.status = 'ACCEPTED'
),
ev AS (
    SELECT lk.quarter, lk.deanery_code, lk.trainee_id, lk.esr_person_number, i.v
    FROM lk ASOF JOIN person_image i ON i.esr_person_number = lk.esr_person_number AND lk.last_day >= i.file_date
),
cmp AS (
    SELECT pop.quarter, pop.deanery_code, pop.trust_code, pop.trainee_id, ev.esr_person_number,
           ev.esr_person_number IS NOT NULL AS linked,
           CASE WHEN ev.esr_person_number IS NOT NULL THEN align_outcome(norm_name(dv.surname), norm_name(ev.v.last_name)) END AS last_name,
           CASE WHEN ev.esr_person_number IS NOT NULL THEN align_outcome(norm_first_name(dv.forenames), norm_first_name(ev.v.first_name)) END AS first_name,
           CASE WHEN ev.esr_person_number IS NULL THEN NULL
                WHEN nullif(dv.date_of_birth, '') IS NOT NULL AND ev.v.dob IS NOT NULL
                     AND TRY_CAST(dv.date_of_birth AS DATE) IS DISTINCT FROM ev.v.dob THEN 'DIFFER'
                ELSE align_outcome(nullif(dv.date_of_birth, ''), CAST(ev.v.dob AS VARCHAR)) END AS date_of_birth,
           CASE WHEN ev.esr_person_number IS NOT NULL THEN align_outcome(norm_gender(dv.gender), norm_gender(ev.v.gender)) END AS gender,
           CASE WHEN ev.esr_person_number IS NOT NULL THEN align_outcome(norm_nino(dv.ni_number), norm_nino(ev.v.ni_number)) END AS ni_number,
           CASE WHEN ev.esr_person_number IS NOT NULL THEN align_outcome(norm_gmc(dv.gmc_number), norm_gmc(ev.v.gmc_number)) END AS gmc_number,
           CASE WHEN ev.esr_person_number IS NOT NULL THEN align_outcome(norm_email(dv.email), norm_email(ev.v.email)) END AS email,
           CASE WHEN ev.esr_person_number IS NOT NULL THEN align_outcome(norm_postcode(dv.postcode), norm_postcode(ev.v.postcode)) END AS postcode,
           CASE WHEN ev.esr_person_number IS NOT NULL THEN align_outcome(norm_name(dv.address1), norm_name(ev.v.address1)) END AS address_line1
    FROM pop
    LEFT JOIN dv USING (quarter, deanery_code, trainee_id)
    LEFT JOIN ev USING (quarter, deanery_code, trainee_id)
)
SELECT *,
       (last_name IS NOT NULL)::INT + (first_name IS NOT NULL)::INT + (date_of_birth IS NOT NULL)::INT +
       (gender IS NOT NULL)::INT + (ni_number IS NOT NULL)::INT + (gmc_number IS NOT NULL)::INT +
       (email IS NOT NULL)::INT + (postcode IS NOT NULL)::INT + (address_line1 IS NOT NULL)::INT AS compared,
       coalesce(last_name = 'AGREE', false)::INT + coalesce(first_name = 'AGREE', false)::INT + coalesce(date_of_birth = 'AGREE', false)::INT +
       coalesce(gender = 'AGREE', false)::INT + coalesce(ni_number = 'AGREE', false)::INT + coalesce(gmc_number = 'AGREE', false)::INT +
       coalesce(email = 'AGREE', false)::INT + coalesce(postcode = 'AGREE', false)::INT + coalesce(address_line1 = 'AGREE', false)::INT AS agree,
       coalesce(last_name = 'ONE_EMPTY', false)::INT + coalesce(first_name = 'ONE_EMPTY', false)::INT + coalesce(date_of_birth = 'ONE_EMPTY', false)::INT +
       coalesce(gender = 'ONE_EMPTY', false)::INT + coalesce(ni_number = 'ONE_EMPTY', false)::INT + coalesce(gmc_number = 'ONE_EMPTY', false)::INT +
       coalesce(email = 'ONE_EMPTY', false)::INT + coalesce(postcode = 'ONE_EMPTY', false)::INT + coalesce(address_line1 = 'ONE_EMPTY', false)::INT AS one_empty,
       NULL AS score
FROM cmp;
