-- rule: placement_notice_12_weeks
-- category: timeliness
-- description: Placements starting in the last four quarters scored that reached ESR fewer than 84 days (12 weeks) before they started, or never did: notice = start date minus the date of the first APP file carrying them.
-- warn: percent 10
-- fail: percent 25
WITH r AS (SELECT * FROM quality_run WHERE run_id = $run_id),
q AS (SELECT * FROM quality_quarters($run_id) ORDER BY first_day DESC LIMIT 4),
first_sent AS (
    SELECT f.deanery_code, a.deanery_placement_id AS placement_id, min(f.file_date) AS sent_on
    FROM app_record a JOIN source_file f ON f.file_name = a.file_name AND f.status = 'LOADED'
    GROUP BY ALL
)
SELECT p.deanery_code, p.placement_id AS record_key,
       s.sent_on IS NULL OR datediff('day', s.sent_on, p.start_date) < 84 AS offending,
       CASE WHEN s.sent_on IS NULL THEN 'never sent' ELSE datediff('day', s.sent_on, p.start_date) || ' days notice' END AS detail
FROM placement p
JOIN interface_pair ip ON ip.trust_code = (SELECT lead_trust_code FROM post o WHERE o.deanery_code = p.deanery_code AND o.post_id = p.post_id)
LEFT JOIN first_sent s ON s.deanery_code = p.deanery_code AND s.placement_id = p.placement_id
WHERE p.lifecycle_state = 'APPROVED' AND NOT p.withdrawn AND sent_type(p.placement_type)
  AND p.start_date BETWEEN (SELECT min(first_day) FROM q) AND (SELECT max(last_day) FROM q)
  AND ip.recruitment_live_from <= p.start_date - INTERVAL 84 DAY;
