-- rule: placement_references_exist
-- category: referential integrity
-- description: Approved placements whose trainee or post is not in the deanery's extracts.
-- warn: count 1
-- fail: percent 1
SELECT p.deanery_code, p.placement_id AS record_key, t.trainee_id IS NULL OR o.post_id IS NULL AS offending,
       CASE WHEN t.trainee_id IS NULL THEN 'unknown trainee ' || coalesce(p.trainee_id, '') ELSE '' END ||
       CASE WHEN o.post_id IS NULL THEN ' unknown post ' || coalesce(p.post_id, '') ELSE '' END AS detail
FROM placement p
LEFT JOIN trainee t ON t.deanery_code = p.deanery_code AND t.trainee_id = p.trainee_id
LEFT JOIN post o ON o.deanery_code = p.deanery_code AND o.post_id = p.post_id
WHERE p.lifecycle_state = 'APPROVED' AND NOT p.withdrawn;
