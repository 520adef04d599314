-- The headline scores (8.3) per quarter, deanery and trust (ALL pools
-- them): person alignment (mean record score over linked trainees with a
-- detail compared) with link coverage; post alignment (aligned when every
-- assessed role is MATCHED; per trust a post counts for each employing
-- trust, per deanery and nationally once); placement alignment (ALIGNED /
-- placements) with the linked share.
INSERT INTO quality_alignment_score
WITH records AS (
    SELECT 'PERSON' AS entity, quarter, deanery_code, coalesce(trust_code, '?') AS trust_code,
           linked::INT AS linked, (score IS NOT NULL)::INT AS scored, score AS value
    FROM quality_person_score
    UNION ALL
    SELECT 'PLACEMENT', quarter, deanery_code, coalesce(trust_code, '?'),
           (state <> 'NO_LINK')::INT, (state = 'ALIGNED')::INT, (state = 'ALIGNED')::INT::DOUBLE
    FROM quality_placement_state
),
scored AS (
    SELECT entity, quarter, coalesce(deanery_code, 'ALL') AS deanery_code, coalesce(trust_code, 'ALL') AS trust_code,
           count(*) AS population, sum(linked) AS linked, sum(scored) AS scored,
           CASE WHEN entity = 'PERSON' THEN avg(value) ELSE sum(value) / count(*) END AS score
    FROM records
    GROUP BY GROUPING SETS ((entity, quarter, deanery_code, trust_code), (entity, quarter, deanery_code), (entity, quarter))
),
post AS (
    SELECT quarter, deanery_code, post_id,
           bool_and(state IN ('MATCHED', 'NOT_LIVE')) AND bool_or(state = 'MATCHED') AS aligned,
           list(DISTINCT coalesce(trust_code, '?')) AS trusts
    FROM quality_post_state WHERE post_id IS NOT NULL
    GROUP BY ALL
),
post_by_trust AS (
    SELECT 'POST' AS entity, quarter, deanery_code, trust_code, count(*) AS population, NULL::BIGINT AS linked,
           count(*) FILTER (WHERE aligned) AS scored, count(*) FILTER (WHERE aligned) / count(*) AS score
    FROM (SELECT quarter, deanery_code, aligned, unnest(trusts) AS trust_code FROM post)
    GROUP BY ALL
),
post_pooled AS (
    SELECT 'POST' AS entity, quarter, coalesce(deanery_code, 'ALL') AS deanery_code, 'ALL' AS trust_code,
           count(*) AS population, NULL::BIGINT AS linked,
           count(*) FILTER (WHERE aligned) AS scored, count(*) FILTER (WHERE aligned) / count(*) AS score
    FROM post
    GROUP BY GROUPING SETS ((quarter, deanery_code), (quarter))
),
alls AS (
    SELECT * FROM scored UNION ALL SELECT * FROM post_by_trust UNION ALL SELECT * FROM post_pooled
)
SELECT $run_id, deanery_code, trust_code, quarter, entity, population, linked, scored, score,
       CASE WHEN entity <> 'POST' THEN linked / nullif(population, 0) END
FROM alls;
