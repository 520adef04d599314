-- The APP records of the runs of $run_date (domain 5.2, 5.11), one row per
-- (placement, position) to send, in file order per deanery, from the
-- deanery state as of D 17:00 (extracts merged with applied updates, the
-- positions of applied RMC/RMF files, ESR's APC answers):
--   eligible: approved, not withdrawn, a sent type, trainee not deleted,
--   D + 2 <= start < D + 91, post CURRENT and reconciled for a role whose
--   trust is live on D; fan-out: one record per such position;
--   sent when the pair was never sent, or its last send got APC FAIL and
--   the record changed (effectiveDate aside), or no APC came (quarantine).
-- Order: start date, DPN, placement id (byte order), position id. With the
-- cap active, the records of a DPN after its 40th are deferred.
WITH runs AS (
    SELECT deanery_code, run_date AS d, as_of AS t, cap_active FROM exchange_run WHERE run_date = CAST($run_date AS DATE)
),
tr AS (
    SELECT * FROM trainee_at(CAST($run_date AS DATE) + INTERVAL 17 HOUR) WHERE NOT deleted
),
po AS (
    SELECT * FROM post_at(CAST($run_date AS DATE) + INTERVAL 17 HOUR) WHERE status = 'CURRENT'
),
pl AS (
    SELECT p.* FROM placement_at(CAST($run_date AS DATE) + INTERVAL 17 HOUR) p JOIN runs USING (deanery_code)
    WHERE p.lifecycle_state = 'APPROVED' AND NOT p.withdrawn AND sent_type(p.placement_type)
      AND p.start_date >= runs.d + 2 AND p.start_date < runs.d + 91
),
roles AS (
    SELECT deanery_code, post_id, dpn, lead_trust_code AS trust_code FROM po
    UNION
    SELECT deanery_code, post_id, dpn, unnest(host_trust_codes) AS trust_code FROM po
),
pos AS (
    SELECT * FROM position_at(CAST($run_date AS DATE) + INTERVAL 17 HOUR) WHERE live
),
recon AS (
    SELECT DISTINCT r.deanery_code, r.post_id, ps.position_id, ps.position_number
    FROM roles r
    JOIN trust tu ON tu.trust_code = r.trust_code
    JOIN interface_pair ip ON ip.trust_code = r.trust_code AND ip.recruitment_live_from <= CAST($run_date AS DATE)
    JOIN pos ps ON ps.deanery_code = r.deanery_code AND ps.dpn = upper(trim(r.dpn)) AND ps.vpd_code = tu.vpd_code
),
cand AS (
    SELECT pl.deanery_code, pl.placement_id, pl.trainee_id, pl.post_id, po.dpn, rc.position_id,
           coalesce(rc.position_number, '') AS position_number, pl.start_date, pl.end_date,
           ymd(CAST($run_date AS DATE)) AS f02,
           coalesce(po.dpn, '') AS f03,
           CAST(rc.position_id AS VARCHAR) AS f04,
           coalesce(rc.position_number, '') AS f05,
           ymd(pl.start_date) AS f06,
           ymd(pl.end_date) AS f07,
           app_title(tr.title) AS f08,
           forename_first(tr.forenames) AS f09,
           forename_rest(tr.forenames) AS f10,
           coalesce(tr.surname, '') AS f11,
           coalesce(tr.previous_surname, '') AS f12,
           ymd(tr.date_of_birth) AS f13,
           coalesce(tr.gender, '') AS f14,
           upper(regexp_replace(coalesce(tr.ni_number, ''), '\s', '', 'g')) AS f15,
           upper(trim(coalesce(tr.ntn, ''))) AS f16,
           CASE WHEN gmc_text(tr.gmc_number) <> '' THEN 'General Medical Council' ELSE '' END AS f17,
           gmc_text(tr.gmc_number) AS f18,
           '' AS f19,
           coalesce(tr.email, '') AS f20,
           coalesce(tr.home_tel, '') AS f21,
           coalesce(tr.mobile_tel, '') AS f22,
           coalesce(tr.address1, '') AS f23,
           coalesce(tr.address2, '') AS f24,
           coalesce(tr.address3, '') AS f25,
           coalesce(tr.town, '') AS f26,
           '' AS f27,
           coalesce(tr.postcode, '') AS f28,
           coalesce(tr.country, '') AS f29,
           coalesce(tr.nationality, '') AS f30,
           wte2(pl.wte) AS f31,
           coalesce(pl.grade, '') AS f32,
           pl.placement_id AS f33
    FROM pl
    JOIN tr USING (deanery_code, trainee_id)
    JOIN po USING (deanery_code, post_id)
    JOIN recon rc USING (deanery_code, post_id)
),
built AS (
    SELECT *, concat_ws(chr(31), f03, f04, f05, f06, f07, f08, f09, f10, f11, f12, f13, f14, f15, f16, f17, f18,
                        f19, f20, f21, f22, f23, f24, f25, f26, f27, f28, f29, f30, f31, f32, f33) AS payload
    FROM cand
),
answers AS (
    SELECT r.app_file_name, r.esr_vacancy_id, arg_min(r.load_status_code, (f.created_at, r.file_name, r.line_number)) AS status
    FROM apc_record r JOIN source_file f ON f.file_name = r.file_name AND f.status = 'LOADED'
    WHERE f.created_at <= CAST($run_date AS DATE) + INTERVAL 17 HOUR
    GROUP BY ALL
),
last_send AS (
    SELECT s.deanery_code, s.placement_id, s.position_id,
           arg_max(s.payload, (s.run_date, s.file_name, s.ordinal)) AS payload,
           arg_max(s.file_name, (s.run_date, s.file_name, s.ordinal)) AS file_name,
           arg_max(s.ordinal, (s.run_date, s.file_name, s.ordinal)) AS ordinal
    FROM app_send s JOIN runs USING (deanery_code)
    WHERE s.run_date < runs.d
    GROUP BY ALL
),
decided AS (
    SELECT b.*, ls.file_name IS NOT NULL AS resend
    FROM built b
    LEFT JOIN last_send ls USING (deanery_code, placement_id, position_id)
    LEFT JOIN answers a ON a.app_file_name = ls.file_name AND a.esr_vacancy_id = ls.ordinal
    WHERE ls.file_name IS NULL
       OR (a.status = 'FAIL' AND ls.payload <> b.payload)
       OR (a.status IS NULL AND ls.file_name IN (SELECT file_name FROM app_quarantine))
),
ordered AS (
    SELECT d.*, runs.cap_active,
           row_number() OVER (PARTITION BY d.deanery_code, d.dpn ORDER BY d.start_date, d.dpn, d.placement_id, d.position_id) AS dpn_rank
    FROM decided d JOIN runs USING (deanery_code)
)
SELECT deanery_code, placement_id, trainee_id, post_id, dpn, position_id, position_number, start_date, end_date,
       resend, payload, cap_active AND dpn_rank > 40 AS deferred,
       f02, f03, f04, f05, f06, f07, f08, f09, f10, f11, f12, f13, f14, f15, f16, f17, f18, f19, f20, f21, f22,
       f23, f24, f25, f26, f27, f28, f29, f30, f31, f32, f33
FROM ordered
ORDER BY deanery_code, start_date, dpn, placement_id, position_id;
