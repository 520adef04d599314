-- rule: linkage_review
-- category: uniqueness
-- description: Trainees of any quarter's person population left without an accepted ESR person: held for review (probability below the review threshold) or unlinked.
-- warn: percent 1
-- fail: percent 5
SELECT s.deanery_code, s.trainee_id AS record_key, coalesce(l.status, '') <> 'ACCEPTED' AS offending,
       CASE WHEN l.status = 'REVIEW' THEN 'review: person ' || l.esr_person_number || ', probability ' || round(l.match_probability, 3)
            ELSE 'no link' END AS detail
FROM (SELECT DISTINCT deanery_code, trainee_id FROM quality_person_population) s
LEFT JOIN quality_person_link l USING (deanery_code, trainee_id);
