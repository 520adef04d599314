-- Label-free error estimates per deanery (and ALL), over the trainees of
-- any quarter's person population: an accepted probabilistic link is wrong
-- with chance 1 - probability (key links are taken as right); a trainee
-- without an accepted link is missed with the chance that one of their
-- candidates not linked to another trainee of the deanery is theirs,
-- 1 - prod(1 - p).
INSERT INTO quality_link_estimate
WITH scope AS (
    SELECT DISTINCT deanery_code, trainee_id FROM quality_person_population
),
trainees AS (
    SELECT deanery_code, count(*) AS n FROM quality_trainee_key GROUP BY ALL
),
taken AS (
    SELECT deanery_code, esr_person_number FROM quality_person_link WHERE status = 'ACCEPTED'
),
per_trainee AS (
    SELECT s.deanery_code, s.trainee_id, l.tier, l.status,
           CASE WHEN l.status = 'ACCEPTED' AND l.tier = 'PROBABILISTIC' THEN 1 - l.match_probability ELSE 0 END AS p_false,
           CASE WHEN l.status = 'ACCEPTED' THEN 0
                ELSE 1 - coalesce((
                    SELECT exp(sum(ln(greatest(1 - c.match_probability, 1e-12))))
                    FROM quality_link_candidate c
                    WHERE c.deanery_code = s.deanery_code AND c.trainee_id = s.trainee_id
                      AND NOT EXISTS (SELECT 1 FROM taken x WHERE x.deanery_code = c.deanery_code
                                                             AND x.esr_person_number = c.esr_person_number)), 1) END AS p_missed
    FROM scope s LEFT JOIN quality_person_link l USING (deanery_code, trainee_id)
),
agg AS (
    SELECT coalesce(deanery_code, 'ALL') AS deanery_code,
           count(*) AS population,
           count(*) FILTER (WHERE status = 'ACCEPTED') AS links,
           count(*) FILTER (WHERE status = 'ACCEPTED' AND tier <> 'PROBABILISTIC') AS key_links,
           count(*) FILTER (WHERE status = 'ACCEPTED' AND tier = 'PROBABILISTIC') AS probabilistic_links,
           count(*) FILTER (WHERE status = 'REVIEW') AS review_links,
           sum(p_false) AS expected_false, sum(p_missed) AS expected_missed
    FROM per_trainee GROUP BY ROLLUP (deanery_code)
)
SELECT $run_id, a.deanery_code,
       CASE WHEN a.deanery_code = 'ALL' THEN (SELECT sum(n) FROM trainees) ELSE coalesce(t.n, 0) END,
       a.population, a.links, a.key_links, a.probabilistic_links, a.review_links,
       a.expected_false, a.expected_false / nullif(a.links, 0),
       a.expected_missed, a.expected_missed / nullif(a.links - a.expected_false + a.expected_missed, 0)
FROM agg a LEFT JOIN trainees t USING (deanery_code);
