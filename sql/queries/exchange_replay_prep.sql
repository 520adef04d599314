-- The set-based recruitment exchange, part 1: what does not depend on the
-- hub's own sends (domain 5.1, 5.2, 5.8). It turns the deanery's state and
-- ESR's files into intervals once, over the run calendar xr_run (built
-- before: every run date to compute, and the earlier runs whose sends are
-- facts). "State at D 17:00" is then a join with an interval, for every
-- run at once. Each step is one statement, run in order on one connection;
-- the xr_ tables are temporary. Read exchange/doc.go for the whole design.

-- step: placement_versions
-- Placement row versions valid [modified_at, valid_to); at equal times the
-- last by file and line wins (placement_at).
CREATE OR REPLACE TEMP TABLE xr_plv AS
SELECT *, coalesce(lead(modified_at) OVER (PARTITION BY deanery_code, placement_id ORDER BY modified_at),
                   TIMESTAMP '9999-12-31') AS valid_to
FROM placement_version
QUALIFY row_number() OVER (PARTITION BY deanery_code, placement_id, modified_at ORDER BY file_name DESC, line_number DESC) = 1;

-- step: post_versions
-- Post row versions, likewise, with the post's roles (lead and hosts).
CREATE OR REPLACE TEMP TABLE xr_postv AS
SELECT *, coalesce(lead(modified_at) OVER (PARTITION BY deanery_code, post_id ORDER BY modified_at),
                   TIMESTAMP '9999-12-31') AS valid_to
FROM post_version
QUALIFY row_number() OVER (PARTITION BY deanery_code, post_id, modified_at ORDER BY file_name DESC, line_number DESC) = 1;

-- step: post_roles
CREATE OR REPLACE TEMP TABLE xr_role AS
SELECT DISTINCT deanery_code, post_id, modified_at, valid_to, dpn, trust_code FROM (
    SELECT deanery_code, post_id, modified_at, valid_to, dpn, lead_trust_code AS trust_code FROM xr_postv
    UNION ALL
    SELECT deanery_code, post_id, modified_at, valid_to, dpn, unnest(host_trust_codes) FROM xr_postv
) WHERE trust_code IS NOT NULL;

-- step: trainee_extract_changes
-- Each trainee field as the extract changed it (5.8 (a): a version in which
-- the field differs from the previous one; the first version counts), plus
-- the fields no update touches (ntn, nationality, deleted) the same way.
CREATE OR REPLACE TEMP TABLE xr_trx AS
WITH ext AS (
    SELECT * FROM (
        SELECT deanery_code, trainee_id, modified_at, file_name, line_number,
               title, forenames, surname, previous_surname, CAST(date_of_birth AS VARCHAR) AS date_of_birth,
               gender, ni_number, gmc_number, email, mobile_tel, home_tel, address1, address2, address3,
               town, postcode, country, ntn, nationality, CAST(deleted AS VARCHAR) AS deleted
        FROM trainee_version
    ) UNPIVOT INCLUDE NULLS (value FOR field IN (title, forenames, surname, previous_surname, date_of_birth,
        gender, ni_number, gmc_number, email, mobile_tel, home_tel, address1, address2, address3, town,
        postcode, country, ntn, nationality, deleted))
)
SELECT deanery_code, trainee_id, field, value, modified_at AS t, 0 AS src, file_name, line_number AS ord
FROM (
    SELECT *, lag(value) OVER w AS prev, row_number() OVER w AS n
    FROM ext WINDOW w AS (PARTITION BY deanery_code, trainee_id, field ORDER BY modified_at, file_name, line_number)
) WHERE n = 1 OR value IS DISTINCT FROM prev;

-- step: esr_files
-- ESR's position and person files the deanery applies (RMC/RMF), loaded,
-- with the first run whose 17:00 follows their header createdAt.
CREATE OR REPLACE TEMP TABLE xr_rmfile AS
SELECT f.file_name, f.deanery_code, f.file_type, f.created_at
FROM source_file f
WHERE f.status = 'LOADED' AND f.file_kind = 'INTERFACE' AND f.file_type IN ('RMC', 'RMF');

-- step: positions
-- The deanery's view of ESR positions as intervals (position_at): each POR
-- image holds from its file's createdAt until the next image of the
-- position, and is live while its indicator is C and no later RMF of the
-- deanery left it out (5.8, 5.11 "RMF content").
CREATE OR REPLACE TEMP TABLE xr_pos AS
WITH img AS (
    SELECT f.deanery_code, f.created_at, r.file_name, r.line_number, r.position_id, r.position_number,
           upper(trim(r.deanery_number)) AS dpn, r.employing_org_vpd_code AS vpd_code, r.change_delete_indicator,
           lead(f.created_at) OVER (PARTITION BY f.deanery_code, r.position_id ORDER BY f.created_at, r.file_name, r.line_number) AS next_at
    FROM por_record r JOIN xr_rmfile f USING (file_name)
),
rmf AS (
    SELECT deanery_code, created_at FROM xr_rmfile WHERE file_type = 'RMF'
),
ended AS (
    SELECT i.*, (SELECT min(m.created_at) FROM rmf m WHERE m.deanery_code = i.deanery_code AND m.created_at > i.created_at) AS next_rmf
    FROM img i
)
SELECT deanery_code, position_id, position_number, dpn, vpd_code, created_at AS live_from,
       least(coalesce(next_at, TIMESTAMP '9999-12-31'), coalesce(next_rmf, TIMESTAMP '9999-12-31')) AS live_to
FROM ended
WHERE change_delete_indicator = 'C'
  AND created_at < least(coalesce(next_at, TIMESTAMP '9999-12-31'), coalesce(next_rmf, TIMESTAMP '9999-12-31'));

-- step: apc
-- ESR's APP answers (7.3), first record per (APP file, ordinal) as
-- app_send_answer takes them, keyed for the tie to the hub's sends: within
-- one (deanery, APP file date, DPN, position) the k-th APC record answers
-- the k-th record sent, since the APP order (start date, DPN, placement,
-- position) fixes their relative order whatever else the file held.
CREATE OR REPLACE TEMP TABLE xr_apc AS
SELECT a.*, substr(a.app_file_name, 4, 3) AS deanery_code,
       CAST(strptime(substr(a.app_file_name, 12, 8), '%Y%m%d') AS DATE) AS app_date,
       upper(trim(coalesce(a.deanery_number, ''))) AS dpn_key,
       row_number() OVER (PARTITION BY substr(a.app_file_name, 4, 3), substr(a.app_file_name, 12, 8),
                          upper(trim(coalesce(a.deanery_number, ''))), a.position_id ORDER BY a.esr_vacancy_id) AS k
FROM (
    SELECT r.*, f.created_at AS apc_at
    FROM apc_record r JOIN source_file f ON f.file_name = r.file_name AND f.status = 'LOADED'
    WHERE regexp_full_match(coalesce(r.app_file_name, ''), 'DE_[A-Z]{3}_APP_[0-9]{8}_[0-9]{8}\.DAT')
    QUALIFY row_number() OVER (PARTITION BY r.app_file_name, r.esr_vacancy_id ORDER BY f.created_at, r.file_name, r.line_number) = 1
) a;

-- step: apply_files
-- The RMC/RMF files whose person records are to be applied: in a replay,
-- every one not applied yet (exchange apply names its own instead).
CREATE OR REPLACE TEMP TABLE xr_apply_files AS
SELECT file_name FROM xr_rmfile WHERE file_name NOT IN (SELECT file_name FROM person_record_outcome);

-- step: person_records
-- Every person record (PER, ADD, ASG, PBD) of the RMC/RMF files, with its
-- apply order in its file (change timestamp, then line: 5.8 step 4).
CREATE OR REPLACE TEMP TABLE xr_prec AS
WITH recs AS (
    SELECT file_name, line_number, 'PER' AS record_type, esr_person_number, change_timestamp, assignment_id FROM per_record
    UNION ALL SELECT file_name, line_number, 'ADD', esr_person_number, change_timestamp, NULL::BIGINT FROM add_record
    UNION ALL SELECT file_name, line_number, 'ASG', esr_person_number, change_timestamp, assignment_id FROM asg_record
    UNION ALL SELECT file_name, line_number, 'PBD', esr_person_number, change_timestamp, NULL::BIGINT FROM pbd_record
)
SELECT r.*, f.deanery_code, f.created_at,
       row_number() OVER (PARTITION BY r.file_name ORDER BY r.change_timestamp, r.line_number) AS apply_order,
       r.file_name NOT IN (SELECT file_name FROM xr_apply_files) AS fixed
FROM recs r
JOIN xr_rmfile f USING (file_name);

-- step: person_images
-- The images person records carry, one row per field (5.8 mapping), for the
-- propagation rule: a field propagates when non-empty and different from
-- the same field of the person's last applied image of that record type.
CREATE OR REPLACE TEMP TABLE xr_pimg AS
SELECT file_name, line_number, 'PER' AS record_type, unnest([
    struct_pack(k := 'ni_number', v := uk_nino), struct_pack(k := 'surname', v := last_name),
    struct_pack(k := 'first_name', v := first_name), struct_pack(k := 'middle_names', v := middle_names),
    struct_pack(k := 'previous_surname', v := previous_last_name), struct_pack(k := 'title', v := title),
    struct_pack(k := 'gender', v := gender), struct_pack(k := 'date_of_birth', v := CAST(dob AS VARCHAR)),
    struct_pack(k := 'home_tel', v := home_tel), struct_pack(k := 'mobile_tel', v := mobile_tel),
    struct_pack(k := 'email', v := email_address)], recursive := true)
FROM per_record
UNION ALL
SELECT file_name, line_number, 'ADD', unnest([
    struct_pack(k := 'address1', v := address1), struct_pack(k := 'address2', v := address2),
    struct_pack(k := 'address3', v := address3), struct_pack(k := 'town', v := town),
    struct_pack(k := 'postcode', v := postcode), struct_pack(k := 'country', v := country)], recursive := true)
FROM add_record
UNION ALL
SELECT file_name, line_number, 'PBD', 'gmc_number', registration_number FROM pbd_record;

-- step: placement_window
-- The build runs in which a placement may be eligible at all (5.2
-- condition 2 for some version that is approved, not withdrawn and of a
-- sent type): D in [start - 90, start - 2].
CREATE OR REPLACE TEMP TABLE xr_pwin AS
WITH b AS (
    SELECT deanery_code, placement_id, min(start_date) - 90 AS lo_date, max(start_date) - 2 AS hi_date
    FROM xr_plv
    WHERE lifecycle_state = 'APPROVED' AND NOT withdrawn AND sent_type(placement_type) AND start_date IS NOT NULL
    GROUP BY ALL
)
SELECT b.deanery_code, b.placement_id, lo.run_no AS w_lo, hi.run_no AS w_hi, lo.as_of AS t_lo, hi.as_of AS t_hi
FROM b
ASOF JOIN xr_brun lo ON lo.deanery_code = b.deanery_code AND b.lo_date <= lo.run_date
ASOF JOIN xr_brun hi ON hi.deanery_code = b.deanery_code AND b.hi_date >= hi.run_date
WHERE lo.run_no <= hi.run_no;

-- step: placement_links
-- The trainees, posts and DPNs a placement's versions name.
CREATE OR REPLACE TEMP TABLE xr_plink AS
SELECT DISTINCT w.deanery_code, w.placement_id, w.t_lo, w.t_hi, v.trainee_id, v.post_id
FROM xr_pwin w JOIN xr_plv v USING (deanery_code, placement_id);

-- step: fixed_change_points
-- Every time inside a placement's window at which something its APP record
-- or eligibility reads may change, apart from ESR's person updates (which
-- depend on the hub's own sends and join in each pass): its versions, its
-- trainee's and post's versions, the positions with its post's DPN, and
-- the go-live of its post's trusts.
CREATE OR REPLACE TEMP TABLE xr_cpfix AS
WITH pts AS (
    SELECT w.deanery_code, w.placement_id, w.t_lo, w.t_hi, v.modified_at AS t
    FROM xr_pwin w JOIN xr_plv v USING (deanery_code, placement_id)
    UNION ALL
    SELECT l.deanery_code, l.placement_id, l.t_lo, l.t_hi, tv.modified_at
    FROM (SELECT DISTINCT deanery_code, placement_id, t_lo, t_hi, trainee_id FROM xr_plink) l
    JOIN trainee_version tv ON tv.deanery_code = l.deanery_code AND tv.trainee_id = l.trainee_id
         AND tv.modified_at > l.t_lo AND tv.modified_at <= l.t_hi
    UNION ALL
    SELECT l.deanery_code, l.placement_id, l.t_lo, l.t_hi, pv.modified_at
    FROM (SELECT DISTINCT deanery_code, placement_id, t_lo, t_hi, post_id FROM xr_plink) l
    JOIN xr_postv pv ON pv.deanery_code = l.deanery_code AND pv.post_id = l.post_id
         AND pv.modified_at > l.t_lo AND pv.modified_at <= l.t_hi
    UNION ALL
    SELECT l.deanery_code, l.placement_id, l.t_lo, l.t_hi, x.t
    FROM (SELECT DISTINCT l.deanery_code, l.placement_id, l.t_lo, l.t_hi, upper(trim(pv.dpn)) AS dpn
          FROM xr_plink l JOIN xr_postv pv ON pv.deanery_code = l.deanery_code AND pv.post_id = l.post_id) l
    JOIN (SELECT deanery_code, dpn, live_from AS t FROM xr_pos
          UNION SELECT deanery_code, dpn, live_to FROM xr_pos WHERE live_to < TIMESTAMP '9999-12-31') x
      ON x.deanery_code = l.deanery_code AND x.dpn = l.dpn AND x.t > l.t_lo AND x.t <= l.t_hi
    UNION ALL
    SELECT l.deanery_code, l.placement_id, l.t_lo, l.t_hi, CAST(ip.recruitment_live_from AS TIMESTAMP)
    FROM (SELECT DISTINCT deanery_code, placement_id, t_lo, t_hi, post_id FROM xr_plink) l
    JOIN (SELECT DISTINCT deanery_code, post_id, trust_code FROM xr_role) ro USING (deanery_code, post_id)
    JOIN interface_pair ip ON ip.trust_code = ro.trust_code
    WHERE CAST(ip.recruitment_live_from AS TIMESTAMP) > l.t_lo AND CAST(ip.recruitment_live_from AS TIMESTAMP) <= l.t_hi
)
SELECT DISTINCT deanery_code, placement_id, t FROM pts WHERE t > t_lo AND t <= t_hi;

-- step: fixed_sends
-- The sends of earlier runs (facts of app_send), when the calendar holds
-- runs that are not built now.
CREATE OR REPLACE TEMP TABLE xr_send_fixed AS
SELECT s.deanery_code, s.placement_id, s.position_id, r.run_no, s.run_date, true AS fixed,
       s.trainee_id, s.post_id, s.dpn, s.position_number, s.start_date, s.end_date, s.payload,
       s.file_name, s.ordinal
FROM app_send s JOIN xr_run r ON r.deanery_code = s.deanery_code AND r.run_date = s.run_date
WHERE NOT r.build;
