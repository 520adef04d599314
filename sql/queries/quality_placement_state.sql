-- Placement states (8.5) for the placements starting in each quarter
-- (approved, not withdrawn, sent type; as held at the quarter end): the
-- linked person's assignment periods known at the quarter end (latest STF
-- image of each period, not CANCELLED) on the post's DPN, compared by
-- dates with a tolerance of 7 days at each end.
INSERT INTO quality_placement_state
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
    SELECT q.quarter, q.last_day, q.next_day, pv.deanery_code, pv.placement_id, pv.trainee_id, pv.post_id,
           pv.start_date, pv.end_date, pv.grade, pv.wte
    FROM pv JOIN q ON pv.modified_at < q.next_day AND (pv.valid_to IS NULL OR pv.valid_to >= q.next_day)
                  AND pv.start_date BETWEEN q.first_day AND q.last_day
    WHERE pv.lifecycle_state = 'APPROVED' AND NOT pv.withdrawn AND sent_type(pv.placement_type)
),
plp AS (
    SELECT pl.*, po.lead_trust_code AS trust_code, upper(trim(po.dpn)) AS dpn
    FROM pl LEFT JOIN po ON po.deanery_code = pl.deanery_code AND po.post_id = pl.post_id
                        AND po.modified_at < pl.next_day AND (po.valid_to IS NULL OR po.valid_to >= pl.next_day)
),
stf AS (
    SELECT r.*, f.file_date FROM stf_record r JOIN source_file f ON f.file_name = r.file_name AND f.status = 'LOADED'
),
known AS (
    SELECT esr_person_number, min(file_date) AS known_from FROM stf GROUP BY ALL
),
linked AS (
    SELECT plp.*, l.esr_person_number
    FROM plp
    LEFT JOIN quality_person_link l ON l.deanery_code = plp.deanery_code AND l.trainee_id = plp.trainee_id AND l.status = 'ACCEPTED'
    LEFT JOIN known k ON k.esr_person_number = l.esr_person_number
    WHERE l.esr_person_number IS NULL OR k.known_from <= plp.last_day
),
periods AS (
    SELECT x.quarter, x.deanery_code, x.placement_id, s.assignment_id, s.period_seq, s.start_date,
           coalesce(s.end_date, s.projected_end_date) AS end_date, s.grade_payscale, s.wte, s.assignment_status,
           upper(trim(s.deanery_number)) AS dpn
    FROM linked x JOIN stf s ON s.esr_person_number = x.esr_person_number AND s.file_date <= x.last_day
    QUALIFY row_number() OVER (PARTITION BY x.quarter, x.deanery_code, x.placement_id, s.assignment_id, s.period_seq
                               ORDER BY s.file_date DESC, s.last_updated DESC, s.file_name DESC, s.line_number DESC) = 1
),
on_dpn AS (
    SELECT p.*, x.start_date AS pl_start, x.end_date AS pl_end, x.grade AS pl_grade, x.wte AS pl_wte,
           abs(datediff('day', x.start_date, p.start_date)) AS start_gap,
           abs(datediff('day', x.end_date, p.end_date)) AS end_gap
    FROM periods p JOIN linked x USING (quarter, deanery_code, placement_id)
    WHERE p.dpn = x.dpn AND coalesce(p.assignment_status, '') <> 'CANCELLED'
),
best AS (
    SELECT quarter, deanery_code, placement_id, count(*) AS periods,
           arg_min({assignment_id: assignment_id, period_seq: period_seq,
                    start_agree: start_date = pl_start, end_agree: end_date IS NOT DISTINCT FROM pl_end,
                    grade_agree: grade_payscale IS NOT DISTINCT FROM grade_payscale(pl_grade),
                    wte_agree: abs(wte - pl_wte) <= 0.05},
                   (start_gap, assignment_id, period_seq))
               FILTER (WHERE start_gap <= 7 AND end_gap <= 7) AS m
    FROM on_dpn GROUP BY ALL
)
SELECT x.quarter, x.deanery_code, x.trust_code, x.placement_id, x.trainee_id, x.dpn, x.start_date, x.end_date,
       CASE WHEN x.esr_person_number IS NULL THEN 'NO_LINK'
            WHEN b.periods IS NULL THEN 'NO_ASSIGNMENT'
            WHEN b.m IS NULL THEN 'DATES_DIFFER'
            ELSE 'ALIGNED' END,
       x.esr_person_number, b.m.assignment_id, b.m.period_seq,
       b.m.start_agree, b.m.end_agree, b.m.grade_agree, b.m.wte_agree
FROM linked x LEFT JOIN best b USING (quarter, deanery_code, placement_id);
