-- Pairs each blocking rule produced, those no earlier rule produced, and
-- the links among them.
UPDATE quality_link_blocking b SET pairs = s.pairs, new_pairs = s.new_pairs, links = s.links
FROM (
    WITH pr AS (
        SELECT deanery_code, trainee_id, esr_person_number, unnest(rules) AS rule FROM quality_link_candidate
    ),
    ordered AS (
        SELECT pr.*, o.rule_order,
               min(o.rule_order) OVER (PARTITION BY pr.deanery_code, pr.trainee_id, pr.esr_person_number) AS first_order
        FROM pr JOIN quality_link_blocking o ON o.run_id = $run_id AND o.rule = pr.rule
    )
    SELECT x.rule, count(*) AS pairs, count(*) FILTER (WHERE x.rule_order = x.first_order) AS new_pairs,
           count(l.link_id) AS links
    FROM ordered x
    LEFT JOIN quality_person_link l ON l.deanery_code = x.deanery_code AND l.trainee_id = x.trainee_id
                                   AND l.esr_person_number = x.esr_person_number
    GROUP BY ALL
) s
WHERE b.run_id = $run_id AND b.rule = s.rule;
