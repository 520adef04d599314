-- rule: placement_one_live_assignment
-- category: uniqueness
-- description: ALIGNED placements of the latest quarter for which the trainee's ESR person holds more than one assignment on the post's DPN at one employer, starting within 7 days of the placement (one live assignment per placement and position).
-- warn: count 1
-- fail: percent 2
WITH latest AS (
    SELECT s.* FROM quality_placement_state s
    WHERE s.quarter = (SELECT last_quarter FROM quality_run WHERE run_id = $run_id) AND s.state = 'ALIGNED'
),
periods AS (
    SELECT DISTINCT l.deanery_code, l.placement_id, r.employing_org_vpd_code AS vpd, r.assignment_id
    FROM latest l JOIN stf_record r ON r.esr_person_number = l.esr_person_number AND upper(trim(r.deanery_number)) = l.dpn
    WHERE coalesce(r.assignment_status, '') NOT IN ('CANCELLED')
      AND abs(datediff('day', r.start_date, l.start_date)) <= 7
)
SELECT l.deanery_code, l.placement_id AS record_key, coalesce(max(p.n), 0) > 1 AS offending,
       coalesce(max(p.n), 0) || ' assignments on ' || l.dpn || ' at one employer' AS detail
FROM latest l
LEFT JOIN (SELECT deanery_code, placement_id, vpd, count(*) AS n FROM periods GROUP BY ALL) p USING (deanery_code, placement_id)
GROUP BY l.deanery_code, l.placement_id, l.dpn;
