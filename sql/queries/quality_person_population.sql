-- The person population of every quarter of the run (8.3): trainees with
-- an approved, not withdrawn placement of a sent type overlapping the
-- quarter (placement as of the quarter end), counted for the lead trust of
-- the post of their latest-starting such placement (post as of the end).
INSERT INTO quality_person_population
WITH q AS (SELECT * FROM quality_quarters($run_id)),
pv AS (
    SELECT *, lead(modified_at) OVER (PARTITION BY deanery_code, placement_id ORDER BY modified_at, file_name, line_number) AS valid_to
    FROM placement_version
),
po AS (
    SELECT *, lead(modified_at) OVER (PARTITION BY deanery_code, post_id ORDER BY modified_at, file_name, line_number) AS valid_to
    FROM post_version
),
pl AS (
    SELECT q.quarter, q.next_day, pv.*
    FROM pv JOIN q ON pv.modified_at < q.next_day AND (pv.valid_to IS NULL OR pv.valid_to >= q.next_day)
    WHERE pv.lifecycle_state = 'APPROVED' AND NOT pv.withdrawn AND sent_type(pv.placement_type)
      AND pv.start_date <= q.last_day AND (pv.end_date IS NULL OR pv.end_date >= q.first_day)
),
latest AS (
    SELECT * FROM pl
    QUALIFY row_number() OVER (PARTITION BY quarter, deanery_code, trainee_id ORDER BY start_date DESC, placement_id DESC) = 1
)
SELECT l.quarter, l.deanery_code, l.trainee_id, po.lead_trust_code
FROM latest l
LEFT JOIN po ON po.deanery_code = l.deanery_code AND po.post_id = l.post_id
            AND po.modified_at < l.next_day AND (po.valid_to IS NULL OR po.valid_to >= l.next_day);
