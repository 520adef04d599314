-- The set-based recruitment exchange, part 3: once the passes agree, the
-- files. Sequence numbers count only files written, per stream (5.9); the
-- records of a file are in the order of 5.2 (APP) and 7.4 (DNC/DNF); the
-- notifications of 5.7 follow from the send set by comparisons between
-- runs. Results: xr_app (APP records with file and ordinal), xr_note
-- (notification records), xr_out_run (one row per run built).

-- step: app_files
CREATE OR REPLACE TEMP TABLE xr_app_file AS
WITH runs AS (
    SELECT DISTINCT deanery_code, run_no, run_date FROM xr_send
),
base AS (
    -- one run date: one above the highest number the warehouse holds for
    -- the stream (5.9); a replayed history: one above the hub's own last
    -- file of the stream, whatever else the warehouse holds
    SELECT deanery_code, max(sequence_number) AS last_seq FROM source_file
    WHERE file_kind = 'INTERFACE' AND status = 'LOADED' AND file_type = 'APP'
      AND (SELECT mode FROM xr_param) = 'DAY'
    GROUP BY ALL
    UNION ALL
    SELECT deanery_code, max(CAST(substr(app_file_name, 21, 8) AS INTEGER)) FROM exchange_run
    WHERE app_file_name IS NOT NULL AND (SELECT mode FROM xr_param) = 'REPLAY'
    GROUP BY ALL
)
SELECT r.deanery_code, r.run_no, r.run_date,
       coalesce(b.last_seq, 0) + row_number() OVER (PARTITION BY r.deanery_code ORDER BY r.run_no) AS seq,
       'DE_' || r.deanery_code || '_APP_' || strftime(r.run_date, '%Y%m%d') || '_' ||
           lpad(CAST(coalesce(b.last_seq, 0) + row_number() OVER (PARTITION BY r.deanery_code ORDER BY r.run_no) AS VARCHAR), 8, '0') || '.DAT' AS file_name
FROM runs r LEFT JOIN base b USING (deanery_code);

-- step: app_records
CREATE OR REPLACE TEMP TABLE xr_app AS
SELECT s.deanery_code, s.run_no, s.run_date, f.file_name,
       CAST(row_number() OVER (PARTITION BY s.deanery_code, s.run_no ORDER BY s.start_date, s.dpn, s.placement_id, s.position_id) AS INTEGER) AS ordinal,
       s.placement_id, s.trainee_id, s.post_id, s.dpn, s.position_id, s.position_number, s.start_date, s.end_date,
       EXISTS (SELECT 1 FROM xr_tie e WHERE e.deanery_code = s.deanery_code AND e.placement_id = s.placement_id
               AND e.position_id = s.position_id AND e.run_no < s.run_no) AS resend,
       s.payload
FROM xr_send s JOIN xr_app_file f USING (deanery_code, run_no);

-- step: app_tie_check
-- Every APC record tied to a send must name that send's file and ordinal.
CREATE OR REPLACE TEMP TABLE xr_tie_mismatch AS
SELECT t.app_file_name, t.esr_vacancy_id, a.file_name, a.ordinal, a.placement_id, a.position_id
FROM xr_tie t
JOIN xr_app a ON a.deanery_code = t.deanery_code AND a.run_no = t.run_no AND a.placement_id = t.placement_id AND a.position_id = t.position_id
WHERE NOT t.fixed AND t.app_file_name IS NOT NULL
  AND (t.app_file_name <> a.file_name OR t.esr_vacancy_id <> a.ordinal);

-- step: loaded
-- When each placement was loaded (its first APC SUCCESS), and the run that
-- first carried it by APP.
CREATE OR REPLACE TEMP TABLE xr_loaded AS
SELECT deanery_code, placement_id,
       min(apc_at) FILTER (WHERE load_status_code = 'SUCCESS') AS loaded_at,
       min(run_no) AS first_run
FROM xr_tie GROUP BY ALL;

-- step: placement_state
-- Placement versions with their trainee's state at the version's own
-- intervals are looked up per run below; this is the approved, not
-- withdrawn set with the trainee fields notifications show.
CREATE OR REPLACE TEMP TABLE xr_note_run AS
SELECT * FROM xr_brun;

-- step: type1
-- Type 1 (5.7, 5.11): in the run that first carries a placement by APP, or
-- in the run after when that one wrote the DNF.
CREATE OR REPLACE TEMP TABLE xr_nt AS
SELECT r.deanery_code, r.run_no, 1 AS typ, l.placement_id AS next_id, NULL::VARCHAR AS wd_id, NULL::VARCHAR AS chg_id,
       l.placement_id AS concerned, 'NEXT' AS kind
FROM xr_loaded l
JOIN xr_run f ON f.deanery_code = l.deanery_code AND f.run_no = l.first_run
JOIN xr_brun r ON r.deanery_code = l.deanery_code AND r.run_no = CASE WHEN f.dnf THEN f.run_no + 1 ELSE f.run_no END
WHERE NOT r.dnf;

-- step: type2
-- Type 2: a loaded placement withdrawn at D 17:00, not at the previous
-- run's, starting after D. The change happens at a version, so only the
-- runs that first see a version are looked at.
INSERT INTO xr_nt
WITH cand AS (
    SELECT DISTINCT v.deanery_code, v.placement_id, r.run_no
    FROM xr_plv v JOIN xr_loaded l USING (deanery_code, placement_id)
    ASOF JOIN xr_run r ON r.deanery_code = v.deanery_code AND v.modified_at <= r.as_of
    WHERE l.loaded_at IS NOT NULL
),
cr AS MATERIALIZED (
    SELECT c.deanery_code, c.placement_id, c.run_no, r.run_date, r.as_of, r.prev_as_of, l.loaded_at
    FROM cand c
    JOIN xr_brun r ON r.deanery_code = c.deanery_code AND r.run_no = c.run_no
    JOIN xr_loaded l ON l.deanery_code = c.deanery_code AND l.placement_id = c.placement_id
    WHERE NOT r.dnf AND l.loaded_at <= r.as_of
),
now AS MATERIALIZED (
    SELECT c.*, v.trainee_id, v.start_date
    FROM cr c JOIN xr_plv v ON v.deanery_code = c.deanery_code AND v.placement_id = c.placement_id
    WHERE v.modified_at <= c.as_of AND c.as_of < v.valid_to AND v.withdrawn AND v.start_date > c.run_date
)
SELECT c.deanery_code, c.run_no, 2, NULL, c.placement_id, NULL, c.placement_id, 'WD'
FROM now c
JOIN xr_trs ts ON ts.deanery_code = c.deanery_code AND ts.trainee_id = c.trainee_id AND ts.valid_from <= c.as_of AND c.as_of < ts.valid_to
LEFT JOIN xr_plv pv ON pv.deanery_code = c.deanery_code AND pv.placement_id = c.placement_id
     AND pv.modified_at <= c.prev_as_of AND c.prev_as_of < pv.valid_to
WHERE ts.deleted = 'false' AND NOT coalesce(pv.withdrawn, false);

-- step: type4
-- Type 4: a loaded placement whose start or end at D differs from the dates
-- last sent (its APP records, or an earlier type 4). After every run at
-- which it could be notified the dates last sent are its dates then, so
-- each such run is compared with the one before, or with an APP record
-- sent in between; only runs that first see a change can differ.
CREATE OR REPLACE TEMP TABLE xr_t4 AS
WITH cand AS (
    SELECT DISTINCT deanery_code, placement_id, run_no FROM (
        SELECT v.deanery_code, v.placement_id, r.run_no
        FROM xr_plv v JOIN xr_loaded l USING (deanery_code, placement_id)
        ASOF JOIN xr_run r ON r.deanery_code = v.deanery_code AND v.modified_at <= r.as_of
        WHERE l.loaded_at IS NOT NULL
        UNION ALL
        SELECT l.deanery_code, l.placement_id, r.run_no
        FROM xr_loaded l ASOF JOIN xr_run r ON r.deanery_code = l.deanery_code AND l.loaded_at <= r.as_of
        WHERE l.loaded_at IS NOT NULL
        UNION ALL
        SELECT p.deanery_code, p.placement_id, r.run_no
        FROM (SELECT DISTINCT v.deanery_code, v.placement_id, v.trainee_id FROM xr_plv v JOIN xr_loaded l USING (deanery_code, placement_id)
              WHERE l.loaded_at IS NOT NULL) p
        JOIN trainee_version tv ON tv.deanery_code = p.deanery_code AND tv.trainee_id = p.trainee_id
        ASOF JOIN xr_run r ON r.deanery_code = tv.deanery_code AND tv.modified_at <= r.as_of
    )
),
cr AS MATERIALIZED (
    SELECT c.deanery_code, c.placement_id, c.run_no, r.build, r.as_of
    FROM cand c
    JOIN xr_run r ON r.deanery_code = c.deanery_code AND r.run_no = c.run_no
    JOIN xr_loaded l ON l.deanery_code = c.deanery_code AND l.placement_id = c.placement_id
    WHERE NOT r.dnf AND l.loaded_at <= r.as_of
),
cv AS MATERIALIZED (
    SELECT c.*, v.trainee_id, v.start_date, v.end_date
    FROM cr c JOIN xr_plv v ON v.deanery_code = c.deanery_code AND v.placement_id = c.placement_id
    WHERE v.modified_at <= c.as_of AND c.as_of < v.valid_to AND NOT v.withdrawn
),
elig AS (
    SELECT c.deanery_code, c.placement_id, c.run_no, c.build, c.start_date, c.end_date
    FROM cv c
    JOIN xr_trs ts ON ts.deanery_code = c.deanery_code AND ts.trainee_id = c.trainee_id AND ts.valid_from <= c.as_of AND c.as_of < ts.valid_to
    WHERE ts.deleted = 'false'
),
ev AS (
    SELECT deanery_code, placement_id, run_no, 0 AS kind, build, start_date, end_date FROM elig
    UNION ALL
    SELECT DISTINCT deanery_code, placement_id, run_no, 1, false, start_date, end_date FROM xr_tie
    UNION ALL
    SELECT n.deanery_code, n.placement_id, r.run_no, 1, false, n.start_date, n.end_date
    FROM notification_send n JOIN xr_run r ON r.deanery_code = n.deanery_code AND r.run_date = n.run_date
    WHERE n.notification_type = 4
),
seq AS (
    SELECT *, lag(start_date) OVER w AS sent_start, lag(end_date) OVER w AS sent_end, lag(run_no) OVER w AS prev_run
    FROM ev WINDOW w AS (PARTITION BY deanery_code, placement_id ORDER BY run_no, kind)
)
SELECT deanery_code, placement_id, run_no, start_date, end_date, sent_start, sent_end
FROM seq
WHERE kind = 0 AND build AND prev_run IS NOT NULL
  AND (start_date IS DISTINCT FROM sent_start OR end_date IS DISTINCT FROM sent_end);

-- step: type4_notes
INSERT INTO xr_nt
SELECT deanery_code, run_no, 4, NULL, NULL, placement_id, placement_id, 'CHG' FROM xr_t4;

-- step: type5
-- Type 5: a post first seen in (previous run 17:00, D 17:00] whose lead
-- trust is live on D; never on a DNF day.
INSERT INTO xr_nt
WITH first_seen AS (
    SELECT deanery_code, post_id, min(modified_at) AS first_at FROM post_version GROUP BY ALL
)
SELECT r.deanery_code, r.run_no, 5, NULL, NULL, NULL, 'POST:' || f.post_id, 'NEW_POST'
FROM first_seen f
ASOF JOIN xr_run r ON r.deanery_code = f.deanery_code AND f.first_at <= r.as_of
JOIN xr_postv po ON po.deanery_code = f.deanery_code AND po.post_id = f.post_id AND po.modified_at <= r.as_of AND r.as_of < po.valid_to
JOIN interface_pair ip ON ip.trust_code = po.lead_trust_code
WHERE r.build AND NOT r.dnf AND r.prev_as_of IS NOT NULL AND f.first_at > r.prev_as_of AND ip.recruitment_live_from <= r.run_date;

-- step: dnf_posts
-- The DNF (5.7, 5.11 "DNF posts"): on a deanery's first run, one type 1 per
-- CURRENT post reconciled for at least one role.
INSERT INTO xr_nt
SELECT DISTINCT r.deanery_code, r.run_no, 1, NULL, NULL, NULL, 'POST:' || po.post_id, 'DNF'
FROM xr_brun r
JOIN xr_postv po ON po.deanery_code = r.deanery_code AND po.modified_at <= r.as_of AND r.as_of < po.valid_to
JOIN xr_role ro ON ro.deanery_code = po.deanery_code AND ro.post_id = po.post_id AND ro.modified_at = po.modified_at
JOIN trust tu ON tu.trust_code = ro.trust_code
JOIN xr_pos ps ON ps.deanery_code = po.deanery_code AND ps.dpn = upper(trim(po.dpn)) AND ps.vpd_code = tu.vpd_code
     AND ps.live_from <= r.as_of AND r.as_of < ps.live_to
WHERE r.dnf AND po.status = 'CURRENT';

-- step: note_placements
-- Every placement of the posts and trainees the notifications show, as it
-- stood at the run (approved, not withdrawn, trainee not deleted: "act"),
-- with its trainee's names and identifiers then.
CREATE OR REPLACE TEMP TABLE xr_nt_post AS
SELECT n.*, coalesce(po.post_id, CASE WHEN n.concerned LIKE 'POST:%' THEN substr(n.concerned, 6) END) AS post_id
FROM xr_nt n
JOIN xr_run r ON r.deanery_code = n.deanery_code AND r.run_no = n.run_no
LEFT JOIN xr_plv pv ON pv.deanery_code = n.deanery_code AND pv.placement_id = coalesce(n.next_id, n.wd_id, n.chg_id)
     AND pv.modified_at <= r.as_of AND r.as_of < pv.valid_to
LEFT JOIN (SELECT DISTINCT deanery_code, post_id FROM xr_postv) po ON po.deanery_code = pv.deanery_code AND po.post_id = pv.post_id;

-- step: note_state
-- The placements a notification's current and next blocks are chosen from
-- (those of its post that have not ended before the run, and the ones it
-- names), as they stood at the run, with their trainee's names then.
CREATE OR REPLACE TEMP TABLE xr_pst AS
WITH want AS (
    SELECT DISTINCT n.deanery_code, n.run_no, v.placement_id
    FROM xr_nt_post n
    JOIN xr_run r ON r.deanery_code = n.deanery_code AND r.run_no = n.run_no
    JOIN xr_plv v ON v.deanery_code = n.deanery_code AND v.post_id = n.post_id
    WHERE v.end_date >= r.run_date OR v.start_date > r.run_date
    UNION
    SELECT deanery_code, run_no, unnest([next_id, wd_id, chg_id]) FROM xr_nt_post
),
wr AS MATERIALIZED (
    SELECT w.deanery_code, w.run_no, w.placement_id, r.run_date, r.as_of
    FROM want w JOIN xr_run r ON r.deanery_code = w.deanery_code AND r.run_no = w.run_no
),
pv AS MATERIALIZED (
    SELECT w.deanery_code, w.run_no, w.run_date AS d, w.as_of, v.placement_id, v.trainee_id, v.post_id, v.site_code, v.grade,
           v.start_date, v.end_date, v.wte, v.withdrawn, v.lifecycle_state
    FROM wr w JOIN xr_plv v ON v.deanery_code = w.deanery_code AND v.placement_id = w.placement_id
    WHERE v.modified_at <= w.as_of AND w.as_of < v.valid_to
)
SELECT v.* EXCLUDE (as_of),
       ts.surname, ts.forenames, ts.gmc_number, ts.email, coalesce(ts.deleted, 'true') = 'true' AS trainee_deleted
FROM pv v
LEFT JOIN xr_trs ts ON ts.deanery_code = v.deanery_code AND ts.trainee_id = v.trainee_id AND ts.valid_from <= v.as_of AND v.as_of < ts.valid_to;

-- step: notes_pick
-- Each notification with the placements of its blocks (7.4, 5.7): the
-- next (the placement first sent, the DNF's earliest start after D within
-- 91 days, or a changed placement not started yet), the current (the
-- post's placement live on D at the next's site, lowest id; a changed
-- placement already started), the withdrawn one.
CREATE OR REPLACE TEMP TABLE xr_nfill AS
WITH act AS (
    SELECT * FROM xr_pst WHERE lifecycle_state = 'APPROVED' AND NOT withdrawn AND NOT trainee_deleted
),
cur_cand AS (
    SELECT deanery_code, run_no, post_id, site_code, placement_id FROM act WHERE start_date <= d AND d <= end_date
),
dnf_next AS (
    SELECT n.deanery_code, n.run_no, n.post_id,
           (SELECT arg_min(a.placement_id, (a.start_date, a.placement_id)) FROM act a
            WHERE a.deanery_code = n.deanery_code AND a.run_no = n.run_no AND a.post_id = n.post_id AND a.start_date > a.d) AS next_id
    FROM xr_nt_post n JOIN xr_run r ON r.deanery_code = n.deanery_code AND r.run_no = n.run_no
    WHERE r.dnf
),
dnf_next2 AS (
    SELECT n.deanery_code, n.run_no, n.post_id,
           CASE WHEN a.start_date < a.d + 91 THEN n.next_id END AS next_id,
           CASE WHEN a.start_date < a.d + 91 THEN a.site_code END AS next_site
    FROM dnf_next n LEFT JOIN act a ON a.deanery_code = n.deanery_code AND a.run_no = n.run_no AND a.placement_id = n.next_id
),
t1 AS (
    -- a DNC type 1 needs its next placement still approved, not withdrawn, trainee not deleted
    SELECT n.deanery_code, n.run_no, n.typ, n.post_id, n.next_id,
           (SELECT min(c.placement_id) FROM cur_cand c
            WHERE c.deanery_code = n.deanery_code AND c.run_no = n.run_no AND c.post_id = n.post_id AND c.site_code = q.site_code) AS cur_id,
           n.next_id AS concerned, NULL::VARCHAR AS wd_id, NULL::VARCHAR AS chg_id
    FROM xr_nt_post n JOIN act q ON q.deanery_code = n.deanery_code AND q.run_no = n.run_no AND q.placement_id = n.next_id
    WHERE n.typ = 1 AND n.kind = 'NEXT'
),
tf AS (
    SELECT n.deanery_code, n.run_no, 1 AS typ, n.post_id, n.next_id,
           (SELECT min(c.placement_id) FROM cur_cand c
            WHERE c.deanery_code = n.deanery_code AND c.run_no = n.run_no AND c.post_id = n.post_id
              AND (n.next_site IS NULL OR c.site_code = n.next_site)) AS cur_id,
           NULL::VARCHAR AS concerned, NULL::VARCHAR AS wd_id, NULL::VARCHAR AS chg_id
    FROM dnf_next2 n
),
other AS (
    SELECT deanery_code, run_no, typ, post_id, NULL::VARCHAR AS next_id, NULL::VARCHAR AS cur_id,
           CASE WHEN typ = 5 THEN NULL ELSE concerned END AS concerned, wd_id, chg_id
    FROM xr_nt_post WHERE typ IN (2, 4, 5)
),
notes AS (
    SELECT * FROM t1 UNION ALL SELECT * FROM tf UNION ALL SELECT * FROM other
)
SELECT n.deanery_code, n.run_no, n.typ, n.post_id, p.dpn, r.run_date AS d,
       CASE WHEN n.typ = 4 AND chg.start_date <= r.run_date THEN n.chg_id ELSE n.cur_id END AS c_id,
       CASE WHEN n.typ = 4 AND chg.start_date > r.run_date THEN n.chg_id ELSE n.next_id END AS x_id,
       n.wd_id, n.chg_id,
       coalesce(n.concerned, n.next_id, n.cur_id) AS concerned,
       chg.start_date AS chg_start, chg.end_date AS chg_end,
       t4.sent_start, t4.sent_end,
       p.lead_trust_code
FROM notes n
JOIN xr_run r ON r.deanery_code = n.deanery_code AND r.run_no = n.run_no
JOIN xr_postv p ON p.deanery_code = n.deanery_code AND p.post_id = n.post_id AND p.modified_at <= r.as_of AND r.as_of < p.valid_to
LEFT JOIN xr_pst chg ON chg.deanery_code = n.deanery_code AND chg.run_no = n.run_no AND chg.placement_id = n.chg_id
LEFT JOIN xr_t4 t4 ON t4.deanery_code = n.deanery_code AND t4.run_no = n.run_no AND t4.placement_id = n.chg_id;

-- step: note_trainee_state
-- The other placements of the current and next trainees, as they stood at
-- the run: where the current one goes next (field 15) and where the next
-- one is now (field 20).
CREATE OR REPLACE TEMP TABLE xr_tst AS
WITH who AS (
    SELECT DISTINCT f.deanery_code, f.run_no, p.trainee_id
    FROM xr_nfill f JOIN xr_pst p ON p.deanery_code = f.deanery_code AND p.run_no = f.run_no AND p.placement_id IN (f.c_id, f.x_id)
),
pls AS (
    SELECT DISTINCT w.deanery_code, w.run_no, v.placement_id
    FROM who w JOIN xr_plv v ON v.deanery_code = w.deanery_code AND v.trainee_id = w.trainee_id
),
pr AS MATERIALIZED (
    SELECT p.*, r.run_date, r.as_of FROM pls p JOIN xr_run r ON r.deanery_code = p.deanery_code AND r.run_no = p.run_no
),
pv AS MATERIALIZED (
    SELECT p.deanery_code, p.run_no, p.run_date AS d, p.as_of, v.placement_id, v.trainee_id, v.site_code, v.start_date, v.end_date
    FROM pr p JOIN xr_plv v ON v.deanery_code = p.deanery_code AND v.placement_id = p.placement_id
    WHERE v.modified_at <= p.as_of AND p.as_of < v.valid_to AND v.lifecycle_state = 'APPROVED' AND NOT v.withdrawn
)
SELECT v.* EXCLUDE (as_of)
FROM pv v
JOIN xr_trs ts ON ts.deanery_code = v.deanery_code AND ts.trainee_id = v.trainee_id AND ts.valid_from <= v.as_of AND v.as_of < ts.valid_to
WHERE ts.deleted = 'false';

-- step: notes
-- The notification records, rendered (7.4), in file order per run.
CREATE OR REPLACE TEMP TABLE xr_note AS
WITH rendered AS (
    SELECT f.deanery_code, f.run_no, f.typ, f.post_id, f.dpn, f.concerned,
           CASE WHEN f.typ = 4 THEN f.chg_start END AS start_date,
           CASE WHEN f.typ = 4 THEN f.chg_end END AS end_date,
           CAST(f.typ AS VARCHAR) AS f02,
           f.deanery_code AS f03,
           coalesce(f.dpn, '') AS f04,
           split_part(coalesce(f.dpn, ''), '/', 1) AS f05,
           coalesce(lt.vpd_code, '') AS f06,
           'Lead Employer' AS f07,
           coalesce(x.site_code, '') AS f08,
           CASE WHEN f.typ = 5 THEN 'Y'
                WHEN f.typ = 1 AND f.x_id IS NULL THEN 'Y'
                WHEN f.typ = 1 THEN 'N'
                ELSE '' END AS f09,
           'N' AS f10,
           coalesce(c.surname, '') AS f11,
           CASE WHEN c.placement_id IS NULL THEN '' ELSE forename_first(c.forenames) END AS f12,
           CASE WHEN c.placement_id IS NULL THEN '' ELSE gmc_text(c.gmc_number) END AS f13,
           ymd(c.end_date) AS f14,
           CASE WHEN c.placement_id IS NULL THEN '' ELSE coalesce((
               SELECT arg_min(o.site_code, (o.start_date, o.placement_id)) FROM xr_tst o
               WHERE o.deanery_code = c.deanery_code AND o.run_no = c.run_no AND o.trainee_id = c.trainee_id
                 AND o.start_date > c.end_date), 'NOT KNOWN') END AS f15,
           CASE WHEN c.placement_id IS NULL THEN '' ELSE wte1(c.wte) END AS f16,
           coalesce(x.surname, '') AS f17,
           CASE WHEN x.placement_id IS NULL THEN '' ELSE forename_first(x.forenames) END AS f18,
           CASE WHEN x.placement_id IS NULL THEN '' ELSE gmc_text(x.gmc_number) END AS f19,
           CASE WHEN x.placement_id IS NULL THEN '' ELSE coalesce((
               SELECT arg_min(o.site_code, o.placement_id) FROM xr_tst o
               WHERE o.deanery_code = x.deanery_code AND o.run_no = x.run_no AND o.trainee_id = x.trainee_id
                 AND o.start_date <= f.d AND f.d <= o.end_date), 'NOT KNOWN') END AS f20,
           ymd(x.start_date) AS f21,
           coalesce(x.email, '') AS f22,
           coalesce(x.grade, '') AS f23,
           CASE WHEN x.placement_id IS NULL THEN '' ELSE wte1(x.wte) END AS f24,
           coalesce(w.surname, '') AS f25,
           CASE WHEN w.placement_id IS NULL THEN '' ELSE forename_first(w.forenames) END AS f26,
           CASE WHEN w.placement_id IS NULL THEN '' ELSE gmc_text(w.gmc_number) END AS f27,
           CASE WHEN w.placement_id IS NULL THEN '' ELSE '3' END AS f28,
           CASE WHEN f.typ = 4 AND f.chg_start IS DISTINCT FROM f.sent_start THEN ymd(f.chg_start) ELSE '' END AS f29,
           CASE WHEN f.typ = 4 AND f.chg_end IS DISTINCT FROM f.sent_end THEN ymd(f.chg_end) ELSE '' END AS f30,
           coalesce(f.concerned, '') AS f31
    FROM xr_nfill f
    LEFT JOIN trust lt ON lt.trust_code = f.lead_trust_code
    LEFT JOIN xr_pst c ON c.deanery_code = f.deanery_code AND c.run_no = f.run_no AND c.placement_id = f.c_id
    LEFT JOIN xr_pst x ON x.deanery_code = f.deanery_code AND x.run_no = f.run_no AND x.placement_id = f.x_id
    LEFT JOIN xr_pst w ON w.deanery_code = f.deanery_code AND w.run_no = f.run_no AND w.placement_id = f.wd_id
)
SELECT *, CAST(row_number() OVER (PARTITION BY deanery_code, run_no ORDER BY typ, f04, f31) AS INTEGER) AS ordinal
FROM rendered;

-- step: note_files
CREATE OR REPLACE TEMP TABLE xr_note_file AS
WITH runs AS (
    SELECT r.deanery_code, r.run_no, r.run_date, r.dnf, count(n.ordinal) AS records
    FROM xr_brun r LEFT JOIN xr_note n USING (deanery_code, run_no)
    GROUP BY ALL
    HAVING r.dnf OR count(n.ordinal) > 0
),
base AS (
    SELECT deanery_code, file_type, max(sequence_number) AS last_seq FROM source_file
    WHERE file_kind = 'INTERFACE' AND status = 'LOADED' AND file_type IN ('DNC', 'DNF')
      AND (SELECT mode FROM xr_param) = 'DAY'
    GROUP BY ALL
    UNION ALL
    SELECT deanery_code, substr(notification_file_name, 8, 3), max(CAST(substr(notification_file_name, 21, 8) AS INTEGER))
    FROM exchange_run
    WHERE notification_file_name IS NOT NULL AND (SELECT mode FROM xr_param) = 'REPLAY'
    GROUP BY ALL
),
numbered AS (
    SELECT r.*, CASE WHEN r.dnf THEN 'DNF' ELSE 'DNC' END AS file_type,
           coalesce(b.last_seq, 0) + row_number() OVER (PARTITION BY r.deanery_code, r.dnf ORDER BY r.run_no) AS seq
    FROM runs r LEFT JOIN base b ON b.deanery_code = r.deanery_code AND b.file_type = CASE WHEN r.dnf THEN 'DNF' ELSE 'DNC' END
)
SELECT *, 'DE_' || deanery_code || '_' || file_type || '_' || strftime(run_date, '%Y%m%d') || '_' ||
          lpad(CAST(seq AS VARCHAR), 8, '0') || '.DAT' AS file_name
FROM numbered;

-- step: quarantine_files
CREATE OR REPLACE TEMP TABLE xr_quar AS
SELECT q.*, f.file_name
FROM xr_quar_cur q
JOIN (SELECT deanery_code, run_no, file_name FROM xr_app_file
      UNION SELECT DISTINCT deanery_code, run_no, file_name FROM xr_send_fixed) f USING (deanery_code, run_no);
