-- Applying ESR's person records (domain 5.8 steps 3 and 4, 5.11), set-based
-- over every RMC/RMF file not applied yet (xr_prec rows not fixed), with
-- the links, outcomes and images of files applied before as facts. xr_ok
-- holds the answers the hub knows: (deanery, trainee, assignment id, APC
-- createdAt) of every APC SUCCESS for one of its placements; a file sees
-- those that came before its own createdAt. Results go to xr_link_new,
-- xr_outc_new and xr_tfu_new.

-- step: links
-- A person of a file without an earlier link is linked through an
-- assignment id of the file (ASG field 6, PER field 6) ESR returned in an
-- APC SUCCESS before the file, else through a PBD registration number equal
-- to the valid GMC of exactly one trainee of the deanery then. The first
-- file (createdAt, name) that resolves a person makes its stored link.
CREATE OR REPLACE TEMP TABLE xr_link_new AS
WITH files AS (
    SELECT DISTINCT file_name, deanery_code, created_at FROM xr_prec WHERE NOT fixed
),
persons AS (
    SELECT DISTINCT file_name, deanery_code, created_at, esr_person_number FROM xr_prec WHERE NOT fixed
),
asg AS (
    SELECT DISTINCT file_name, esr_person_number, assignment_id FROM xr_prec
    WHERE NOT fixed AND assignment_id IS NOT NULL AND record_type IN ('ASG', 'PER')
),
by_asg AS (
    SELECT a.file_name, a.esr_person_number, min(o.trainee_id) AS trainee_id
    FROM asg a JOIN files f USING (file_name)
    JOIN xr_ok o ON o.deanery_code = f.deanery_code AND o.assignment_id = a.assignment_id AND o.apc_at <= f.created_at
    GROUP BY ALL
),
gmc_ev AS (
    SELECT deanery_code, trainee_id, value, t, src, file_name, ord FROM xr_trx WHERE field = 'gmc_number'
    UNION ALL
    SELECT deanery_code, trainee_id, value, applied_at, 1, file_name, apply_order FROM trainee_field_update WHERE field = 'gmc_number'
    UNION ALL
    SELECT deanery_code, trainee_id, value, applied_at, 1, file_name, apply_order FROM xr_tfu WHERE field = 'gmc_number'
),
pbd AS (
    SELECT DISTINCT b.file_name, b.esr_person_number, b.registration_number, f.deanery_code, f.created_at
    FROM pbd_record b JOIN files f USING (file_name)
    WHERE regexp_full_match(coalesce(b.registration_number, ''), '[0-9]{7}')
),
holder AS (
    -- trainees whose GMC, as the file found it, is the registration number:
    -- the extract's versions up to createdAt and the updates of files applied before it
    SELECT p.file_name, p.esr_person_number, p.registration_number, e.trainee_id,
           arg_max(e.value, (e.t, CASE WHEN e.src = 0 THEN 1 ELSE 0 END, e.file_name, e.ord)) AS gmc_then
    FROM pbd p
    JOIN (SELECT DISTINCT deanery_code, trainee_id, value FROM gmc_ev) c ON c.deanery_code = p.deanery_code AND c.value = p.registration_number
    JOIN gmc_ev e ON e.deanery_code = p.deanery_code AND e.trainee_id = c.trainee_id
         AND (e.t < p.created_at OR (e.src = 0 AND e.t = p.created_at))
    GROUP BY ALL
),
by_gmc AS (
    SELECT file_name, esr_person_number, min(trainee_id) AS trainee_id FROM (
        SELECT file_name, esr_person_number, registration_number, min(trainee_id) AS trainee_id
        FROM holder WHERE gmc_then = registration_number
        GROUP BY ALL HAVING count(*) = 1
    ) GROUP BY ALL
),
res AS (
    SELECT p.*, coalesce(a.trainee_id, g.trainee_id) AS trainee_id,
           CASE WHEN a.trainee_id IS NOT NULL THEN 'ASSIGNMENT_ID' ELSE 'PBD_GMC' END AS linked_by
    FROM persons p
    LEFT JOIN by_asg a USING (file_name, esr_person_number)
    LEFT JOIN by_gmc g USING (file_name, esr_person_number)
    WHERE coalesce(a.trainee_id, g.trainee_id) IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM person_link l WHERE l.deanery_code = p.deanery_code AND l.esr_person_number = p.esr_person_number)
)
SELECT deanery_code, esr_person_number,
       arg_min(trainee_id, (created_at, file_name)) AS trainee_id,
       arg_min(linked_by, (created_at, file_name)) AS linked_by,
       arg_min(file_name, (created_at, file_name)) AS file_name,
       min(created_at) AS linked_at
FROM res GROUP BY ALL;

-- step: outcomes
-- Each record applied to the trainee its person is linked to by then (a
-- link from this file or an earlier one), or rejected UNKNOWN_PERSON.
CREATE OR REPLACE TEMP TABLE xr_outc_new AS
WITH links AS (
    SELECT deanery_code, esr_person_number, trainee_id, file_name, linked_at FROM person_link
    UNION ALL
    SELECT deanery_code, esr_person_number, trainee_id, file_name, linked_at FROM xr_link_new
)
SELECT file_name, line_number, deanery_code, record_type, esr_person_number, change_timestamp, apply_order, trainee_id,
       CASE WHEN trainee_id IS NULL THEN 'REJECTED' ELSE 'APPLIED' END AS outcome,
       CASE WHEN trainee_id IS NULL THEN 'UNKNOWN_PERSON' END AS reason_code,
       applied_at
FROM (
    SELECT r.file_name, r.line_number, r.deanery_code, r.record_type, r.esr_person_number, r.change_timestamp,
           r.apply_order, r.created_at AS applied_at,
           CASE WHEN l.linked_at < r.created_at OR (l.linked_at = r.created_at AND l.file_name <= r.file_name)
                THEN l.trainee_id END AS trainee_id
    FROM xr_prec r
    LEFT JOIN links l ON l.deanery_code = r.deanery_code AND l.esr_person_number = r.esr_person_number
    WHERE NOT r.fixed
);

-- step: propagations
-- A field of an applied PER, ADD or PBD image propagates when non-empty and
-- different from the same field of the person's previous applied image of
-- that record type (or none came before); firstName and middleNames make
-- forenames, propagated once per record.
CREATE OR REPLACE TEMP TABLE xr_tfu_new AS
WITH outc AS (
    SELECT file_name, line_number, deanery_code, record_type, esr_person_number, change_timestamp, apply_order,
           trainee_id, applied_at, false AS fixed
    FROM xr_outc_new WHERE outcome = 'APPLIED'
    UNION ALL
    SELECT file_name, line_number, deanery_code, record_type, esr_person_number, change_timestamp, apply_order,
           trainee_id, applied_at, true
    FROM person_record_outcome WHERE outcome = 'APPLIED'
),
f AS (
    SELECT o.*, i.k, i.v,
           lag(i.v) OVER w AS prev, row_number() OVER w AS n
    FROM outc o JOIN xr_pimg i USING (file_name, line_number)
    WINDOW w AS (PARTITION BY o.deanery_code, o.esr_person_number, o.record_type, i.k ORDER BY o.applied_at, o.file_name, o.apply_order)
),
changed AS (
    SELECT * FROM f WHERE NOT fixed AND coalesce(v, '') <> '' AND (n = 1 OR v IS DISTINCT FROM prev)
)
SELECT c.deanery_code, c.trainee_id,
       CASE WHEN c.k IN ('first_name', 'middle_names') THEN 'forenames' ELSE c.k END AS field,
       CASE WHEN c.k IN ('first_name', 'middle_names')
            THEN trim(coalesce(p.first_name, '') || CASE WHEN coalesce(p.middle_names, '') <> '' THEN ' ' || p.middle_names ELSE '' END)
            ELSE c.v END AS value,
       any_value(c.applied_at) AS applied_at, any_value(c.change_timestamp) AS change_timestamp,
       c.file_name, c.line_number, any_value(c.record_type) AS record_type, any_value(c.apply_order) AS apply_order
FROM changed c
LEFT JOIN per_record p ON p.file_name = c.file_name AND p.line_number = c.line_number
GROUP BY c.deanery_code, c.trainee_id, 3, 4, c.file_name, c.line_number;
