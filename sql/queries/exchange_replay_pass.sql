-- The set-based recruitment exchange, part 2: one pass of the fixed point
-- (exchange/doc.go). A pass takes the hub's send set of the pass before
-- (xr_send, with ESR's answers tied to it in xr_tie, the records held back
-- by the cap in xr_block, and the trainee fields ESR's person records
-- propagated, xr_tfu) and computes, for every run at once, the send set
-- those imply (xr_send_new and its answers, quarantines, cap, held-back
-- records and propagations). The caller repeats passes until a pass changes
-- nothing. Every dependency on an earlier answer points forward in time,
-- so the result is the day-by-day order of 5.1 computed set-based.

-- step: scope
-- What this pass recomputes: the trainees whose propagated updates changed
-- in the pass before (xr_dirty; every trainee in the first pass) and their
-- placements. Everything else keeps the state it had.
CREATE OR REPLACE TEMP TABLE xr_scope_pl AS
SELECT DISTINCT l.deanery_code, l.placement_id FROM xr_plink l SEMI JOIN xr_dirty d USING (deanery_code, trainee_id);

-- step: trainee_state
-- Each trainee's deanery state as intervals (5.8 merge rule): every field
-- takes the latest of the extract's own changes and the propagated updates;
-- at equal times the extract wins (it sorts after the update).
CREATE OR REPLACE TEMP TABLE xr_trs_part AS
WITH ev AS (
    SELECT deanery_code, trainee_id, field, value, t, src, file_name, ord FROM xr_trx
    SEMI JOIN xr_dirty USING (deanery_code, trainee_id)
    UNION ALL
    SELECT deanery_code, trainee_id, field, value, applied_at, 1, file_name, apply_order FROM trainee_field_update
    SEMI JOIN xr_dirty USING (deanery_code, trainee_id)
    UNION ALL
    SELECT deanery_code, trainee_id, field, value, applied_at, 1, file_name, apply_order FROM xr_tfu
    SEMI JOIN xr_dirty USING (deanery_code, trainee_id)
),
ff AS (
    SELECT deanery_code, trainee_id, t,
           last_value(CASE WHEN field = 'title' THEN struct_pack(v := value) END IGNORE NULLS) OVER w AS title,
           last_value(CASE WHEN field = 'forenames' THEN struct_pack(v := value) END IGNORE NULLS) OVER w AS forenames,
           last_value(CASE WHEN field = 'surname' THEN struct_pack(v := value) END IGNORE NULLS) OVER w AS surname,
           last_value(CASE WHEN field = 'previous_surname' THEN struct_pack(v := value) END IGNORE NULLS) OVER w AS previous_surname,
           last_value(CASE WHEN field = 'date_of_birth' THEN struct_pack(v := value) END IGNORE NULLS) OVER w AS date_of_birth,
           last_value(CASE WHEN field = 'gender' THEN struct_pack(v := value) END IGNORE NULLS) OVER w AS gender,
           last_value(CASE WHEN field = 'ni_number' THEN struct_pack(v := value) END IGNORE NULLS) OVER w AS ni_number,
           last_value(CASE WHEN field = 'gmc_number' THEN struct_pack(v := value) END IGNORE NULLS) OVER w AS gmc_number,
           last_value(CASE WHEN field = 'email' THEN struct_pack(v := value) END IGNORE NULLS) OVER w AS email,
           last_value(CASE WHEN field = 'mobile_tel' THEN struct_pack(v := value) END IGNORE NULLS) OVER w AS mobile_tel,
           last_value(CASE WHEN field = 'home_tel' THEN struct_pack(v := value) END IGNORE NULLS) OVER w AS home_tel,
           last_value(CASE WHEN field = 'address1' THEN struct_pack(v := value) END IGNORE NULLS) OVER w AS address1,
           last_value(CASE WHEN field = 'address2' THEN struct_pack(v := value) END IGNORE NULLS) OVER w AS address2,
           last_value(CASE WHEN field = 'address3' THEN struct_pack(v := value) END IGNORE NULLS) OVER w AS address3,
           last_value(CASE WHEN field = 'town' THEN struct_pack(v := value) END IGNORE NULLS) OVER w AS town,
           last_value(CASE WHEN field = 'postcode' THEN struct_pack(v := value) END IGNORE NULLS) OVER w AS postcode,
           last_value(CASE WHEN field = 'country' THEN struct_pack(v := value) END IGNORE NULLS) OVER w AS country,
           last_value(CASE WHEN field = 'ntn' THEN struct_pack(v := value) END IGNORE NULLS) OVER w AS ntn,
           last_value(CASE WHEN field = 'nationality' THEN struct_pack(v := value) END IGNORE NULLS) OVER w AS nationality,
           last_value(CASE WHEN field = 'deleted' THEN struct_pack(v := value) END IGNORE NULLS) OVER w AS deleted,
           row_number() OVER (PARTITION BY deanery_code, trainee_id, t ORDER BY src, file_name DESC, ord DESC) AS last_at_t
    FROM ev
    WINDOW w AS (PARTITION BY deanery_code, trainee_id ORDER BY t, src DESC, file_name, ord RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
)
SELECT deanery_code, trainee_id, t AS valid_from,
       coalesce(lead(t) OVER (PARTITION BY deanery_code, trainee_id ORDER BY t), TIMESTAMP '9999-12-31') AS valid_to,
       title.v AS title, forenames.v AS forenames, surname.v AS surname, previous_surname.v AS previous_surname, date_of_birth.v AS date_of_birth, gender.v AS gender, ni_number.v AS ni_number, gmc_number.v AS gmc_number, email.v AS email, mobile_tel.v AS mobile_tel, home_tel.v AS home_tel, address1.v AS address1, address2.v AS address2, address3.v AS address3, town.v AS town, postcode.v AS postcode, country.v AS country, ntn.v AS ntn, nationality.v AS nationality, deleted.v AS deleted
FROM ff WHERE last_at_t = 1;

-- step: trainee_state_first
CREATE TEMP TABLE IF NOT EXISTS xr_trs AS SELECT * FROM xr_trs_part LIMIT 0;

-- step: trainee_state_merge
CREATE OR REPLACE TEMP TABLE xr_trs AS
SELECT * FROM xr_trs ANTI JOIN xr_dirty USING (deanery_code, trainee_id)
UNION ALL
SELECT * FROM xr_trs_part;

-- step: segments
-- Each placement's window cut at every run whose 17:00 state may differ
-- from the run before: the fixed change points and the updates propagated
-- to its trainee. Within a segment the state, and so the APP record and
-- conditions 1, 3 and 4 of 5.2, stay the same.
CREATE OR REPLACE TEMP TABLE xr_seg AS
WITH pts AS (
    SELECT deanery_code, placement_id, t FROM xr_cpfix SEMI JOIN xr_scope_pl USING (deanery_code, placement_id)
    UNION ALL
    SELECT l.deanery_code, l.placement_id, u.applied_at
    FROM (SELECT DISTINCT deanery_code, placement_id, t_lo, t_hi, trainee_id FROM xr_plink
          SEMI JOIN xr_scope_pl USING (deanery_code, placement_id)) l
    JOIN (SELECT deanery_code, trainee_id, applied_at FROM xr_tfu
          UNION SELECT deanery_code, trainee_id, applied_at FROM trainee_field_update) u
      ON u.deanery_code = l.deanery_code AND u.trainee_id = l.trainee_id AND u.applied_at > l.t_lo AND u.applied_at <= l.t_hi
),
runs AS (
    SELECT deanery_code, placement_id, w_lo AS run_no FROM xr_pwin SEMI JOIN xr_scope_pl USING (deanery_code, placement_id)
    UNION
    SELECT p.deanery_code, p.placement_id, r.run_no
    FROM pts p ASOF JOIN xr_brun r ON r.deanery_code = p.deanery_code AND p.t <= r.as_of
)
SELECT r.deanery_code, r.placement_id, r.run_no AS seg_lo,
       coalesce(lead(r.run_no) OVER (PARTITION BY r.deanery_code, r.placement_id ORDER BY r.run_no) - 1, w.w_hi) AS seg_hi
FROM runs r JOIN xr_pwin w USING (deanery_code, placement_id);

-- step: pair_segments
-- For each segment, the state at its first run's 17:00: eligibility (5.2
-- conditions 1, 3, 4), the fan-out over reconciled positions, and the APP
-- record (fields 3 to 33, 7.2 and 5.11 "APP values"); condition 2 clips the
-- segment to the runs D with D + 2 <= start < D + 91.
CREATE OR REPLACE TEMP TABLE xr_pseg_part AS
WITH s AS MATERIALIZED (
    SELECT s.*, r.run_date AS d, r.as_of AS t
    FROM xr_seg s JOIN xr_run r ON r.deanery_code = s.deanery_code AND r.run_no = s.seg_lo
),
pl AS MATERIALIZED (
    SELECT s.*, v.trainee_id, v.post_id, v.start_date, v.end_date, v.wte, v.grade
    FROM s JOIN xr_plv v ON v.deanery_code = s.deanery_code AND v.placement_id = s.placement_id
    WHERE v.modified_at <= s.t AND s.t < v.valid_to
      AND v.lifecycle_state = 'APPROVED' AND NOT v.withdrawn AND sent_type(v.placement_type)
),
x AS (
    SELECT pl.*, po.dpn, po.modified_at AS post_at,
           ts.title, ts.forenames, ts.surname, ts.previous_surname, ts.date_of_birth, ts.gender, ts.ni_number,
           ts.gmc_number, ts.email, ts.mobile_tel, ts.home_tel, ts.address1, ts.address2, ts.address3, ts.town,
           ts.postcode, ts.country, ts.ntn, ts.nationality
    FROM pl
    JOIN xr_trs ts ON ts.deanery_code = pl.deanery_code AND ts.trainee_id = pl.trainee_id
         AND ts.valid_from <= pl.t AND pl.t < ts.valid_to
    JOIN xr_postv po ON po.deanery_code = pl.deanery_code AND po.post_id = pl.post_id
         AND po.modified_at <= pl.t AND pl.t < po.valid_to
    WHERE ts.deleted = 'false' AND po.status = 'CURRENT'
),
rc AS (
    SELECT DISTINCT x.deanery_code, x.placement_id, x.seg_lo, ps.position_id, ps.position_number
    FROM x
    JOIN xr_role ro ON ro.deanery_code = x.deanery_code AND ro.post_id = x.post_id AND ro.modified_at = x.post_at
    JOIN trust tu ON tu.trust_code = ro.trust_code
    JOIN interface_pair ip ON ip.trust_code = ro.trust_code AND ip.recruitment_live_from <= x.d
    JOIN xr_pos ps ON ps.deanery_code = x.deanery_code AND ps.dpn = upper(trim(x.dpn)) AND ps.vpd_code = tu.vpd_code
         AND ps.live_from <= x.t AND x.t < ps.live_to
),
clip AS (
    SELECT x.deanery_code, x.placement_id, x.seg_lo,
           greatest(x.seg_lo, lo.run_no) AS el_lo, least(x.seg_hi, hi.run_no) AS el_hi
    FROM x
    ASOF JOIN xr_brun lo ON lo.deanery_code = x.deanery_code AND x.start_date - 90 <= lo.run_date
    ASOF JOIN xr_brun hi ON hi.deanery_code = x.deanery_code AND x.start_date - 2 >= hi.run_date
),
cand AS (
    SELECT x.deanery_code, x.placement_id, x.trainee_id, x.post_id, x.dpn, rc.position_id,
           coalesce(rc.position_number, '') AS position_number, x.start_date, x.end_date, c.el_lo, c.el_hi,
           concat_ws(chr(31),
               coalesce(x.dpn, ''),
               CAST(rc.position_id AS VARCHAR),
               coalesce(rc.position_number, ''),
               ymd(x.start_date),
               ymd(x.end_date),
               app_title(x.title),
               forename_first(x.forenames),
               forename_rest(x.forenames),
               coalesce(x.surname, ''),
               coalesce(x.previous_surname, ''),
               ymd(CAST(x.date_of_birth AS DATE)),
               coalesce(x.gender, ''),
               upper(regexp_replace(coalesce(x.ni_number, ''), '\s', '', 'g')),
               upper(trim(coalesce(x.ntn, ''))),
               CASE WHEN gmc_text(x.gmc_number) <> '' THEN 'General Medical Council' ELSE '' END,
               gmc_text(x.gmc_number),
               '',
               coalesce(x.email, ''),
               coalesce(x.home_tel, ''),
               coalesce(x.mobile_tel, ''),
               coalesce(x.address1, ''),
               coalesce(x.address2, ''),
               coalesce(x.address3, ''),
               coalesce(x.town, ''),
               '',
               coalesce(x.postcode, ''),
               coalesce(x.country, ''),
               coalesce(x.nationality, ''),
               wte2(x.wte),
               coalesce(x.grade, ''),
               x.placement_id) AS payload
    FROM x
    JOIN clip c USING (deanery_code, placement_id, seg_lo)
    JOIN rc USING (deanery_code, placement_id, seg_lo)
    WHERE c.el_lo <= c.el_hi
)
SELECT * FROM cand;

-- step: pair_segments_first
CREATE TEMP TABLE IF NOT EXISTS xr_pseg AS SELECT * FROM xr_pseg_part LIMIT 0;

-- step: pair_segments_merge
CREATE OR REPLACE TEMP TABLE xr_pseg AS
SELECT * FROM xr_pseg ANTI JOIN xr_scope_pl USING (deanery_code, placement_id)
UNION ALL
SELECT * FROM xr_pseg_part;

-- step: edges
-- From each node of a pair's chain (its start, its last send that is a
-- fact, or a send of the pass before, with ESR's answer), the next run it
-- must be sent (5.2 condition 5, re-sends): never sent yet, any eligible
-- run; after APC FAIL, an eligible run whose record differs from the one
-- sent (effectiveDate aside); after no APC by the next run (quarantine),
-- any eligible run after it; after SUCCESS, none. c0 is that run; nxt the
-- first such run the cap did not hold the pair back (xr_block).
CREATE OR REPLACE TEMP TABLE xr_need AS
WITH origin AS (
    SELECT p.deanery_code, p.placement_id, p.position_id,
           coalesce(f.run_no, 0) AS run_no, f.payload, coalesce(f.st, 'START') AS st
    FROM (SELECT DISTINCT deanery_code, placement_id, position_id FROM xr_pseg) p
    LEFT JOIN (SELECT deanery_code, placement_id, position_id, run_no, payload, st FROM xr_tie WHERE fixed
               QUALIFY row_number() OVER (PARTITION BY deanery_code, placement_id, position_id ORDER BY run_no DESC) = 1) f
      USING (deanery_code, placement_id, position_id)
),
node AS (
    SELECT *, true AS is_origin FROM origin
    UNION ALL
    SELECT deanery_code, placement_id, position_id, run_no, payload, st, false FROM xr_tie WHERE NOT fixed
)
SELECT n.deanery_code, n.placement_id, n.position_id, n.run_no AS from_run, n.is_origin,
       greatest(g.el_lo, n.run_no + 1) AS lo, g.el_hi AS hi
FROM node n JOIN xr_pseg g USING (deanery_code, placement_id, position_id)
WHERE n.st IN ('START', 'FAIL', 'NONE') AND g.el_hi > n.run_no AND (n.st <> 'FAIL' OR g.payload <> n.payload);

-- step: edges_next
CREATE OR REPLACE TEMP TABLE xr_edge AS
WITH cand AS (
    SELECT deanery_code, placement_id, position_id, from_run, is_origin, lo AS c FROM xr_need
    UNION ALL
    SELECT n.deanery_code, n.placement_id, n.position_id, n.from_run, n.is_origin, b.run_no + 1
    FROM xr_need n JOIN xr_block b USING (deanery_code, placement_id, position_id)
    WHERE b.run_no + 1 BETWEEN n.lo AND n.hi
)
SELECT c.deanery_code, c.placement_id, c.position_id, c.from_run, c.is_origin,
       min(c.c) AS c0, min(c.c) FILTER (WHERE b.run_no IS NULL) AS nxt
FROM cand c
LEFT JOIN xr_block b ON b.deanery_code = c.deanery_code AND b.placement_id = c.placement_id
     AND b.position_id = c.position_id AND b.run_no = c.c
GROUP BY c.deanery_code, c.placement_id, c.position_id, c.from_run, c.is_origin;

-- step: path
-- The send set implied: each pair's chain from its origin, following the
-- nodes whose answers are known, up to the first send not yet answered.
CREATE OR REPLACE TEMP TABLE xr_send_new AS
WITH RECURSIVE path(deanery_code, placement_id, position_id, run_no) AS (
    SELECT deanery_code, placement_id, position_id, nxt FROM xr_edge WHERE is_origin AND nxt IS NOT NULL
    UNION ALL
    SELECT e.deanery_code, e.placement_id, e.position_id, e.nxt
    FROM path p JOIN xr_edge e ON e.deanery_code = p.deanery_code AND e.placement_id = p.placement_id
         AND e.position_id = p.position_id AND e.from_run = p.run_no AND NOT e.is_origin
    WHERE e.nxt IS NOT NULL
)
SELECT p.deanery_code, p.placement_id, p.position_id, p.run_no, r.run_date, false AS fixed,
       g.trainee_id, g.post_id, g.dpn, g.position_number, g.start_date, g.end_date, g.payload,
       NULL::VARCHAR AS file_name, NULL::INTEGER AS ordinal
FROM path p
JOIN xr_run r ON r.deanery_code = p.deanery_code AND r.run_no = p.run_no
JOIN xr_pseg g ON g.deanery_code = p.deanery_code AND g.placement_id = p.placement_id
     AND g.position_id = p.position_id AND p.run_no BETWEEN g.el_lo AND g.el_hi;

-- step: ties
-- ESR's answer to each send (5.8 step 1, through xr_apc's key): the k-th
-- record sent in a (deanery, run, DPN, position) by (start date,
-- placement) takes the k-th APC record naming that group. st is what the
-- next run knows: SUCCESS or FAIL, or NONE when no APC came by then.
CREATE OR REPLACE TEMP TABLE xr_tie_new AS
WITH s AS (
    SELECT s.*, row_number() OVER (PARTITION BY s.deanery_code, s.run_no, upper(trim(s.dpn)), s.position_id
                                   ORDER BY s.start_date, s.placement_id) AS k
    FROM (SELECT * FROM xr_send_new UNION ALL SELECT * FROM xr_send_fixed) s
),
j AS (
    SELECT s.*, a.load_status_code, a.assignment_id, a.apc_at, a.app_file_name, a.esr_vacancy_id
    FROM (SELECT * FROM s WHERE NOT fixed) s
    LEFT JOIN xr_apc a ON a.deanery_code = s.deanery_code AND a.app_date = s.run_date
         AND a.dpn_key = upper(trim(s.dpn)) AND a.position_id = s.position_id AND a.k = s.k
    UNION ALL
    -- a send that is a fact is answered by name
    SELECT s.*, a.load_status_code, a.assignment_id, a.apc_at, a.app_file_name, a.esr_vacancy_id
    FROM (SELECT * FROM s WHERE fixed) s
    LEFT JOIN xr_apc a ON a.app_file_name = s.file_name AND a.esr_vacancy_id = s.ordinal
)
SELECT j.*,
       CASE WHEN j.apc_at IS NOT NULL AND (r.next_as_of IS NULL OR j.apc_at <= r.next_as_of) THEN j.load_status_code
            ELSE 'NONE' END AS st
FROM j JOIN xr_run r ON r.deanery_code = j.deanery_code AND r.run_no = j.run_no;

-- step: quarantines
-- An APP file with a record no APC named by the next run is quarantined
-- (5.11), found at that run; from a deanery's first, each DPN is capped
-- at 40 records per file.
CREATE OR REPLACE TEMP TABLE xr_quar_new AS
SELECT t.deanery_code, t.run_no, any_value(t.run_date) AS run_date, t.run_no + 1 AS detected_run_no,
       count(*) AS records, count(*) FILTER (WHERE t.st = 'NONE') AS unanswered,
       max(t.dpn_records) AS max_records_per_dpn
FROM (SELECT *, count(*) OVER (PARTITION BY deanery_code, run_no, dpn) AS dpn_records FROM xr_tie_new) t
JOIN xr_run r ON r.deanery_code = t.deanery_code AND r.run_no = t.run_no
WHERE r.next_as_of IS NOT NULL
GROUP BY t.deanery_code, t.run_no
HAVING count(*) FILTER (WHERE t.st = 'NONE') > 0;

-- step: cap
CREATE OR REPLACE TEMP TABLE xr_cap AS
SELECT deanery_code, min(detected_run_no) AS cap_from FROM (
    SELECT deanery_code, detected_run_no FROM xr_quar_new
    UNION ALL
    SELECT q.deanery_code, r.run_no FROM app_quarantine q JOIN xr_run r ON r.deanery_code = q.deanery_code AND r.run_date = q.detected_run_date
) GROUP BY ALL;

-- step: blocks
-- Records the cap holds back (5.2): on a run from the cap on, the pairs due
-- (sent that run, or due since an earlier run and held back) ranked per DPN
-- in file order; those after the 40th wait for a later run.
CREATE OR REPLACE TEMP TABLE xr_block_new AS
WITH ep AS (
    SELECT e.* FROM xr_edge e WHERE e.is_origin
    UNION ALL
    SELECT e.* FROM xr_edge e
    JOIN xr_send_new s ON s.deanery_code = e.deanery_code AND s.placement_id = e.placement_id
         AND s.position_id = e.position_id AND s.run_no = e.from_run
    WHERE NOT e.is_origin
),
ep_cap AS (
    SELECT ep.* FROM ep JOIN xr_cap c ON c.deanery_code = ep.deanery_code
    WHERE coalesce(ep.nxt, 2147483647) >= c.cap_from
),
due AS (
    SELECT deanery_code, placement_id, position_id, nxt AS run_no FROM ep_cap WHERE nxt = c0
    UNION ALL
    SELECT DISTINCT e.deanery_code, e.placement_id, e.position_id, r.run_no
    FROM ep_cap e
    JOIN xr_need n ON n.deanery_code = e.deanery_code AND n.placement_id = e.placement_id
         AND n.position_id = e.position_id AND n.from_run = e.from_run
    JOIN xr_brun r ON r.deanery_code = e.deanery_code
         AND r.run_no BETWEEN greatest(n.lo, e.c0) AND least(n.hi, coalesce(e.nxt, n.hi))
    WHERE e.nxt IS NULL OR e.nxt > e.c0
),
ranked AS (
    SELECT d.*, row_number() OVER (PARTITION BY d.deanery_code, d.run_no, g.dpn
                                   ORDER BY g.start_date, g.dpn, d.placement_id, d.position_id) AS rk
    FROM due d
    JOIN xr_cap c ON c.deanery_code = d.deanery_code AND d.run_no >= c.cap_from
    JOIN xr_pseg g ON g.deanery_code = d.deanery_code AND g.placement_id = d.placement_id
         AND g.position_id = d.position_id AND d.run_no BETWEEN g.el_lo AND g.el_hi
)
SELECT deanery_code, placement_id, position_id, run_no FROM ranked WHERE rk > 40;
