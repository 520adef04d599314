-- Propagation of the person records of the RMC/RMF file $file_name (5.8
-- step 4): a field of a PER, ADD or PBD image propagates to the trainee
-- when it is non-empty and differs from the same field of the last image
-- of that person and record type stored before it (or none is). firstName
-- and middleNames make forenames, which propagates once when either does.
INSERT INTO trainee_field_update (deanery_code, trainee_id, field, value, applied_at, change_timestamp,
                                  file_name, line_number, record_type, apply_order)
WITH f AS (
    SELECT deanery_code FROM source_file WHERE file_name = $file_name AND status = 'LOADED'
),
mine AS (
    SELECT DISTINCT esr_person_number FROM person_record_outcome WHERE file_name = $file_name AND outcome = 'APPLIED'
),
outc AS (
    SELECT o.* FROM person_record_outcome o JOIN mine USING (esr_person_number)
    WHERE o.outcome = 'APPLIED' AND o.deanery_code = (SELECT deanery_code FROM f)
),
per AS (
    SELECT o.deanery_code, o.trainee_id, o.file_name, o.line_number, o.applied_at, o.apply_order, o.change_timestamp, 'PER' AS record_type,
           [struct_pack(k := 'ni_number', v := r.uk_nino),
            struct_pack(k := 'surname', v := r.last_name),
            struct_pack(k := 'first_name', v := r.first_name),
            struct_pack(k := 'middle_names', v := r.middle_names),
            struct_pack(k := 'previous_surname', v := r.previous_last_name),
            struct_pack(k := 'title', v := r.title),
            struct_pack(k := 'gender', v := r.gender),
            struct_pack(k := 'date_of_birth', v := CAST(r.dob AS VARCHAR)),
            struct_pack(k := 'home_tel', v := r.home_tel),
            struct_pack(k := 'mobile_tel', v := r.mobile_tel),
            struct_pack(k := 'email', v := r.email_address)] AS img
    FROM outc o JOIN per_record r USING (file_name, line_number) WHERE o.record_type = 'PER'
),
addr AS (
    SELECT o.deanery_code, o.trainee_id, o.file_name, o.line_number, o.applied_at, o.apply_order, o.change_timestamp, 'ADD' AS record_type,
           [struct_pack(k := 'address1', v := r.address1),
            struct_pack(k := 'address2', v := r.address2),
            struct_pack(k := 'address3', v := r.address3),
            struct_pack(k := 'town', v := r.town),
            struct_pack(k := 'postcode', v := r.postcode),
            struct_pack(k := 'country', v := r.country)] AS img
    FROM outc o JOIN add_record r USING (file_name, line_number) WHERE o.record_type = 'ADD'
),
pbd AS (
    SELECT o.deanery_code, o.trainee_id, o.file_name, o.line_number, o.applied_at, o.apply_order, o.change_timestamp, 'PBD' AS record_type,
           [struct_pack(k := 'gmc_number', v := r.registration_number)] AS img
    FROM outc o JOIN pbd_record r USING (file_name, line_number) WHERE o.record_type = 'PBD'
),
imgs AS (
    SELECT i.*, lag(img) OVER (PARTITION BY deanery_code, esr, record_type ORDER BY applied_at, file_name, apply_order) AS prev
    FROM (SELECT x.*, o.esr_person_number AS esr FROM (SELECT * FROM per UNION ALL SELECT * FROM addr UNION ALL SELECT * FROM pbd) x
          JOIN outc o USING (file_name, line_number)) i
),
fields AS (
    SELECT deanery_code, trainee_id, file_name, line_number, applied_at, apply_order, change_timestamp, record_type,
           unnest(img) AS cur, unnest(coalesce(prev, img)) AS old, prev IS NOT NULL AS has_prev,
           img
    FROM imgs WHERE file_name = $file_name
),
changed AS (
    SELECT * FROM fields
    WHERE coalesce(cur.v, '') <> '' AND (NOT has_prev OR cur.v IS DISTINCT FROM old.v)
)
SELECT deanery_code, trainee_id,
       CASE WHEN cur.k IN ('first_name', 'middle_names') THEN 'forenames' ELSE cur.k END AS field,
       CASE WHEN cur.k IN ('first_name', 'middle_names')
            THEN trim(coalesce(img[3].v, '') || CASE WHEN coalesce(img[4].v, '') <> '' THEN ' ' || img[4].v ELSE '' END)
            ELSE cur.v END AS value,
       any_value(applied_at), any_value(change_timestamp), file_name, line_number, any_value(record_type), any_value(apply_order)
FROM changed
GROUP BY deanery_code, trainee_id, 3, 4, file_name, line_number;
