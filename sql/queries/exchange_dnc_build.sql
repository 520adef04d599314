-- The notifications of the runs of $run_date (domain 5.7, 7.4, 5.11), one
-- row per record in file order per deanery, built from the deanery state as
-- of D 17:00. On a deanery's first run (its DNF) only type 1 records, one
-- per CURRENT post reconciled for a role; otherwise a DNC with
--   type 1: each placement first carried by this run's APP file, or by the
--           APP of the previous run when that run wrote the DNF;
--   type 2: a loaded placement withdrawn now, not at the previous run,
--           starting after D;
--   type 4: a loaded placement whose start or end differs from the dates
--           last sent for it (its APP records or an earlier type 4);
--   type 5: a post first seen in (previous run 17:00, D 17:00] whose lead
--           trust is live on D.
-- Deleted trainees get nothing. Order: type, DPN, placement id.
WITH runs AS (
    SELECT r.deanery_code, r.run_date AS d, r.as_of AS t, r.full_notifications AS dnf,
           p.run_date AS prev_d, p.as_of AS prev_t, coalesce(p.full_notifications, false) AS prev_dnf
    FROM exchange_run r
    LEFT JOIN exchange_run p ON p.deanery_code = r.deanery_code
         AND p.run_date = (SELECT max(x.run_date) FROM exchange_run x WHERE x.deanery_code = r.deanery_code AND x.run_date < r.run_date)
    WHERE r.run_date = CAST($run_date AS DATE)
),
tr AS (
    SELECT * FROM trainee_at(CAST($run_date AS DATE) + INTERVAL 17 HOUR)
),
po AS (
    SELECT p.* FROM post_at(CAST($run_date AS DATE) + INTERVAL 17 HOUR) p JOIN runs USING (deanery_code)
),
plx AS (
    SELECT p.*, tr.surname, tr.forenames, tr.gmc_number, tr.email, coalesce(tr.deleted, true) AS trainee_deleted
    FROM placement_at(CAST($run_date AS DATE) + INTERVAL 17 HOUR) p
    JOIN runs USING (deanery_code)
    LEFT JOIN tr USING (deanery_code, trainee_id)
),
act AS (
    SELECT * FROM plx WHERE lifecycle_state = 'APPROVED' AND NOT withdrawn AND NOT trainee_deleted
),
cur_cand AS (
    SELECT a.deanery_code, a.post_id, a.site_code, a.placement_id
    FROM act a JOIN runs USING (deanery_code)
    WHERE a.start_date <= runs.d AND runs.d <= a.end_date
),
answers AS (
    SELECT DISTINCT r.app_file_name, r.esr_vacancy_id
    FROM apc_record r JOIN source_file f ON f.file_name = r.file_name AND f.status = 'LOADED'
    WHERE f.created_at <= CAST($run_date AS DATE) + INTERVAL 17 HOUR AND r.load_status_code = 'SUCCESS'
),
loaded AS (
    SELECT DISTINCT s.deanery_code, s.placement_id
    FROM app_send s JOIN answers a ON a.app_file_name = s.file_name AND a.esr_vacancy_id = s.ordinal
),
first_carried AS (
    SELECT deanery_code, placement_id, min(run_date) AS first_date FROM app_send GROUP BY ALL
),
-- type 1 of the DNC
t1 AS (
    SELECT q.deanery_code, 1 AS typ, q.post_id, q.placement_id AS next_id,
           (SELECT min(c.placement_id) FROM cur_cand c
            WHERE c.deanery_code = q.deanery_code AND c.post_id = q.post_id AND c.site_code = q.site_code) AS cur_id,
           q.placement_id AS concerned, NULL::VARCHAR AS wd_id, NULL::VARCHAR AS chg_id
    FROM first_carried fc
    JOIN runs ON runs.deanery_code = fc.deanery_code
    JOIN act q ON q.deanery_code = fc.deanery_code AND q.placement_id = fc.placement_id
    WHERE NOT runs.dnf AND (fc.first_date = runs.d OR (runs.prev_dnf AND fc.first_date = runs.prev_d))
),
-- type 1 of the DNF: every CURRENT post reconciled for a role
dnf_posts AS (
    SELECT DISTINCT p.deanery_code, p.post_id
    FROM po p
    JOIN runs USING (deanery_code)
    JOIN (SELECT deanery_code, post_id, lead_trust_code AS trust_code FROM po
          UNION SELECT deanery_code, post_id, unnest(host_trust_codes) FROM po) r USING (deanery_code, post_id)
    JOIN trust tu ON tu.trust_code = r.trust_code
    JOIN position_at(CAST($run_date AS DATE) + INTERVAL 17 HOUR) ps
         ON ps.deanery_code = p.deanery_code AND ps.live AND ps.dpn = upper(trim(p.dpn)) AND ps.vpd_code = tu.vpd_code
    WHERE runs.dnf AND p.status = 'CURRENT'
),
dnf_next AS (
    SELECT dp.deanery_code, dp.post_id,
           (SELECT arg_min(a.placement_id, (a.start_date, a.placement_id)) FROM act a
            WHERE a.deanery_code = dp.deanery_code AND a.post_id = dp.post_id AND a.start_date > runs.d) AS next_id
    FROM dnf_posts dp JOIN runs USING (deanery_code)
),
dnf_next2 AS (
    SELECT n.deanery_code, n.post_id,
           CASE WHEN a.start_date < runs.d + 91 THEN n.next_id END AS next_id,
           CASE WHEN a.start_date < runs.d + 91 THEN a.site_code END AS next_site
    FROM dnf_next n JOIN runs USING (deanery_code)
    LEFT JOIN act a ON a.deanery_code = n.deanery_code AND a.placement_id = n.next_id
),
tf AS (
    SELECT n.deanery_code, 1 AS typ, n.post_id, n.next_id,
           (SELECT min(c.placement_id) FROM cur_cand c
            WHERE c.deanery_code = n.deanery_code AND c.post_id = n.post_id
              AND (n.next_site IS NULL OR c.site_code = n.next_site)) AS cur_id,
           NULL::VARCHAR AS concerned, NULL::VARCHAR AS wd_id, NULL::VARCHAR AS chg_id
    FROM dnf_next2 n
),
-- type 2
prev_state AS (
    SELECT v.deanery_code, v.placement_id, arg_max(v.withdrawn, (v.modified_at, v.file_name, v.line_number)) AS withdrawn
    FROM placement_version v
    JOIN runs USING (deanery_code)
    JOIN loaded USING (deanery_code, placement_id)
    WHERE v.modified_at <= runs.prev_t
    GROUP BY ALL
),
t2 AS (
    SELECT p.deanery_code, 2 AS typ, p.post_id, NULL::VARCHAR AS next_id, NULL::VARCHAR AS cur_id,
           p.placement_id AS concerned, p.placement_id AS wd_id, NULL::VARCHAR AS chg_id
    FROM plx p
    JOIN runs USING (deanery_code)
    JOIN loaded USING (deanery_code, placement_id)
    LEFT JOIN prev_state ps USING (deanery_code, placement_id)
    WHERE NOT runs.dnf AND p.withdrawn AND NOT p.trainee_deleted
      AND NOT coalesce(ps.withdrawn, false) AND p.start_date > runs.d
),
-- type 4
last_dates AS (
    SELECT deanery_code, placement_id,
           arg_max(start_date, (run_date, k, file_name, ordinal)) AS start_date,
           arg_max(end_date, (run_date, k, file_name, ordinal)) AS end_date
    FROM (SELECT deanery_code, placement_id, start_date, end_date, run_date, 1 AS k, file_name, ordinal FROM app_send
          UNION ALL
          SELECT deanery_code, placement_id, start_date, end_date, run_date, 0, file_name, ordinal
          FROM notification_send WHERE notification_type = 4)
    JOIN runs USING (deanery_code)
    WHERE run_date < runs.d
    GROUP BY ALL
),
t4 AS (
    SELECT p.deanery_code, 4 AS typ, p.post_id, NULL::VARCHAR AS next_id, NULL::VARCHAR AS cur_id,
           p.placement_id AS concerned, NULL::VARCHAR AS wd_id, p.placement_id AS chg_id
    FROM plx p
    JOIN runs USING (deanery_code)
    JOIN loaded USING (deanery_code, placement_id)
    JOIN last_dates ld USING (deanery_code, placement_id)
    WHERE NOT runs.dnf AND NOT p.withdrawn AND NOT p.trainee_deleted
      AND (p.start_date IS DISTINCT FROM ld.start_date OR p.end_date IS DISTINCT FROM ld.end_date)
),
-- type 5
first_seen AS (
    SELECT deanery_code, post_id, min(modified_at) AS first_at FROM post_version GROUP BY ALL
),
t5 AS (
    SELECT p.deanery_code, 5 AS typ, p.post_id, NULL::VARCHAR AS next_id, NULL::VARCHAR AS cur_id,
           NULL::VARCHAR AS concerned, NULL::VARCHAR AS wd_id, NULL::VARCHAR AS chg_id
    FROM po p
    JOIN runs USING (deanery_code)
    JOIN first_seen fs USING (deanery_code, post_id)
    JOIN interface_pair ip ON ip.trust_code = p.lead_trust_code
    WHERE NOT runs.dnf AND fs.first_at > runs.prev_t AND fs.first_at <= runs.t
      AND ip.recruitment_live_from <= runs.d
),
notes AS (
    SELECT * FROM t1 UNION ALL SELECT * FROM tf UNION ALL SELECT * FROM t2 UNION ALL SELECT * FROM t4 UNION ALL SELECT * FROM t5
),
filled AS (
    SELECT n.deanery_code, n.typ, n.post_id, p.dpn, runs.d,
           -- the placement whose current/next block is shown
           CASE WHEN n.typ = 4 AND chg.start_date <= runs.d THEN n.chg_id ELSE n.cur_id END AS c_id,
           CASE WHEN n.typ = 4 AND chg.start_date > runs.d THEN n.chg_id ELSE n.next_id END AS x_id,
           n.wd_id, n.chg_id,
           coalesce(n.concerned, n.next_id, n.cur_id) AS concerned,
           chg.start_date AS chg_start, chg.end_date AS chg_end,
           ld.start_date AS sent_start, ld.end_date AS sent_end,
           p.lead_trust_code
    FROM notes n
    JOIN runs USING (deanery_code)
    JOIN po p USING (deanery_code, post_id)
    LEFT JOIN plx chg ON chg.deanery_code = n.deanery_code AND chg.placement_id = n.chg_id
    LEFT JOIN last_dates ld ON ld.deanery_code = n.deanery_code AND ld.placement_id = n.chg_id
),
rendered AS (
    SELECT f.deanery_code, f.typ, f.post_id, f.dpn, f.concerned,
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
               SELECT arg_min(o.site_code, (o.start_date, o.placement_id)) FROM act o
               WHERE o.deanery_code = c.deanery_code AND o.trainee_id = c.trainee_id AND o.start_date > c.end_date), 'NOT KNOWN') END AS f15,
           CASE WHEN c.placement_id IS NULL THEN '' ELSE wte1(c.wte) END AS f16,
           coalesce(x.surname, '') AS f17,
           CASE WHEN x.placement_id IS NULL THEN '' ELSE forename_first(x.forenames) END AS f18,
           CASE WHEN x.placement_id IS NULL THEN '' ELSE gmc_text(x.gmc_number) END AS f19,
           CASE WHEN x.placement_id IS NULL THEN '' ELSE coalesce((
               SELECT arg_min(o.site_code, o.placement_id) FROM act o
               WHERE o.deanery_code = x.deanery_code AND o.trainee_id = x.trainee_id
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
    FROM filled f
    LEFT JOIN trust lt ON lt.trust_code = f.lead_trust_code
    LEFT JOIN plx c ON c.deanery_code = f.deanery_code AND c.placement_id = f.c_id
    LEFT JOIN plx x ON x.deanery_code = f.deanery_code AND x.placement_id = f.x_id
    LEFT JOIN plx w ON w.deanery_code = f.deanery_code AND w.placement_id = f.wd_id
)
SELECT deanery_code, typ, post_id, dpn, nullif(concerned, '') AS placement_id, start_date, end_date,
       f02, f03, f04, f05, f06, f07, f08, f09, f10, f11, f12, f13, f14, f15, f16, f17, f18, f19, f20, f21, f22,
       f23, f24, f25, f26, f27, f28, f29, f30, f31
FROM rendered
ORDER BY deanery_code, typ, f04, f31;
