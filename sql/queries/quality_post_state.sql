-- Post states (8.4) at each quarter end. The deanery's view of ESR
-- positions: the POS/POR records of its RMC/RMF files dated by the quarter
-- end, latest image per position (DPN from either record, VPD from POR);
-- live while the last indicator is C and no later RMF left it out. Each
-- role of each post CURRENT at the quarter end whose lead trust is live
-- then gets a state; each live position whose DPN is no post of the
-- deanery (any status, created by then) is MISSING_IN_DEANERY.
INSERT INTO quality_post_state
WITH q AS (SELECT * FROM quality_quarters($run_id)),
files AS (
    SELECT file_name, deanery_code, file_type, file_date,
           row_number() OVER (PARTITION BY deanery_code ORDER BY file_date, created_at, file_name) AS seq
    FROM source_file
    WHERE status = 'LOADED' AND file_kind = 'INTERFACE' AND file_type IN ('RMC', 'RMF')
),
recs AS (
    SELECT file_name, line_number, position_id, change_delete_indicator, upper(trim(deanery_number)) AS dpn,
           NULL AS vpd, NULL AS ods FROM pos_record
    UNION ALL
    SELECT file_name, line_number, position_id, change_delete_indicator, upper(trim(deanery_number)),
           lpad(trim(employing_org_vpd_code), 3, '0'), ods_code FROM por_record
),
imgs AS (
    SELECT f.deanery_code, f.file_date, f.seq, r.* FROM recs r JOIN files f USING (file_name)
),
at_end AS (
    SELECT q.quarter, q.last_day, i.deanery_code, i.position_id,
           arg_max(i.change_delete_indicator, (i.seq, i.line_number)) AS indicator,
           arg_max(i.dpn, (i.seq, i.line_number)) AS dpn,
           arg_max(i.vpd, (i.seq, i.line_number)) FILTER (WHERE i.vpd IS NOT NULL) AS vpd,
           arg_max(i.ods, (i.seq, i.line_number)) FILTER (WHERE i.vpd IS NOT NULL) AS ods,
           max(i.seq) AS last_seq
    FROM imgs i JOIN q ON i.file_date <= q.last_day
    GROUP BY ALL
),
last_rmf AS (
    SELECT q.quarter, f.deanery_code, max(f.seq) AS seq
    FROM files f JOIN q ON f.file_date <= q.last_day WHERE f.file_type = 'RMF' GROUP BY ALL
),
pos AS (
    SELECT a.*, a.indicator = 'C' AND (r.seq IS NULL OR a.last_seq >= r.seq) AS live
    FROM at_end a LEFT JOIN last_rmf r USING (quarter, deanery_code)
),
po AS (
    SELECT *, lead(modified_at) OVER (PARTITION BY deanery_code, post_id ORDER BY modified_at, file_name, line_number) AS valid_to,
           min(modified_at) OVER (PARTITION BY deanery_code, post_id) AS created_at
    FROM post_version
),
posts AS (
    SELECT q.quarter, q.last_day, po.deanery_code, po.post_id, upper(trim(po.dpn)) AS dpn, po.status,
           po.lead_trust_code, po.host_trust_codes
    FROM po JOIN q ON po.modified_at < q.next_day AND (po.valid_to IS NULL OR po.valid_to >= q.next_day)
),
roles AS (
    SELECT p.*, p.lead_trust_code AS trust_code, 'LEAD' AS role FROM posts p
    UNION ALL
    SELECT p.*, unnest(p.host_trust_codes) AS trust_code, 'HOST' AS role FROM posts p
),
scoped AS (
    SELECT r.*, t.vpd_code,
           ip.recruitment_live_from IS NOT NULL AND ip.recruitment_live_from <= r.last_day AS trust_live,
           list(t.vpd_code) OVER (PARTITION BY r.quarter, r.deanery_code, r.post_id) AS post_vpds
    FROM roles r
    JOIN interface_pair lp ON lp.trust_code = r.lead_trust_code
    LEFT JOIN trust t ON t.trust_code = r.trust_code
    LEFT JOIN interface_pair ip ON ip.trust_code = r.trust_code
    WHERE r.status = 'CURRENT' AND lp.recruitment_live_from <= r.last_day
),
judged AS (
    SELECT s.quarter, s.deanery_code, s.trust_code, s.post_id, s.dpn, s.role, s.trust_live,
           count(*) FILTER (WHERE p.live AND p.vpd = s.vpd_code) AS here,
           min(p.position_id) FILTER (WHERE p.live AND p.vpd = s.vpd_code) AS here_id,
           count(*) FILTER (WHERE p.live AND NOT list_contains(s.post_vpds, p.vpd)) AS elsewhere,
           count(*) FILTER (WHERE p.live) AS live,
           count(*) FILTER (WHERE NOT p.live AND p.vpd = s.vpd_code) AS deleted_here
    FROM scoped s
    LEFT JOIN pos p ON p.quarter = s.quarter AND p.deanery_code = s.deanery_code AND p.dpn = s.dpn
    GROUP BY ALL
),
known_dpn AS (
    SELECT DISTINCT q.quarter, po.deanery_code, upper(trim(po.dpn)) AS dpn
    FROM po JOIN q ON po.created_at < q.next_day WHERE po.dpn IS NOT NULL
)
SELECT quarter, deanery_code, trust_code, post_id, dpn, role,
       CASE WHEN here >= 1 THEN here_id END,
       CASE WHEN NOT trust_live THEN 'NOT_LIVE'
            WHEN here >= 2 THEN 'DUPLICATE_DPN'
            WHEN here = 1 THEN 'MATCHED'
            WHEN elsewhere >= 1 THEN 'WRONG_TRUST'
            WHEN live = 0 AND deleted_here > 0 THEN 'DELETED'
            ELSE 'MISSING_IN_ESR' END
FROM judged
UNION ALL
SELECT p.quarter, p.deanery_code, coalesce(t.trust_code, p.ods), NULL, p.dpn, NULL, p.position_id, 'MISSING_IN_DEANERY'
FROM pos p
LEFT JOIN trust t ON t.vpd_code = p.vpd
WHERE p.live AND NOT EXISTS (SELECT 1 FROM known_dpn k WHERE k.quarter = p.quarter AND k.deanery_code = p.deanery_code
                                                       AND k.dpn IS NOT DISTINCT FROM p.dpn);
