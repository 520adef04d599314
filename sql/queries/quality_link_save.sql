-- The chosen proposals become the run's links. A link keeps its id (a hash
-- of deanery and trainee id) across runs, and its first run while it points
-- at the same person; changed_run_id moves when the person, tier, status or
-- the compared values change.
INSERT OR REPLACE INTO quality_person_link
WITH fresh AS (
    SELECT 'L' || left(md5(c.deanery_code || '/' || c.trainee_id), 15) AS link_id,
           c.deanery_code, c.trainee_id, c.esr_person_number, c.tier,
           CASE WHEN c.tier = 'PROBABILISTIC' AND k.match_probability < $review_threshold THEN 'REVIEW'
                ELSE 'ACCEPTED' END AS status,
           k.match_weight, k.match_probability, hash(t.input_hash, p.input_hash) AS input_hash
    FROM quality_link_proposal c
    JOIN quality_trainee_key t USING (deanery_code, trainee_id)
    JOIN quality_person_key p USING (esr_person_number)
    LEFT JOIN quality_link_candidate k USING (deanery_code, trainee_id, esr_person_number)
    WHERE c.chosen
)
SELECT n.link_id, n.deanery_code, n.trainee_id, n.esr_person_number, n.tier, n.status, n.match_weight,
       n.match_probability, $run_id,
       CASE WHEN o.esr_person_number = n.esr_person_number THEN o.first_run_id ELSE $run_id END,
       CASE WHEN o.esr_person_number = n.esr_person_number AND o.tier = n.tier AND o.status = n.status
                 AND o.input_hash = n.input_hash THEN o.changed_run_id ELSE $run_id END,
       n.input_hash
FROM fresh n LEFT JOIN quality_person_link o USING (link_id);
