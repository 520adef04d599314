-- The probabilistic tier proposes every scored pair at or above the link
-- threshold; the one-to-one rule then takes them strongest first, after
-- the key tiers.
INSERT INTO quality_link_proposal (deanery_code, trainee_id, esr_person_number, tier, priority, strength)
SELECT deanery_code, trainee_id, esr_person_number, 'PROBABILISTIC', 4, match_weight
FROM quality_link_candidate
WHERE match_probability >= $link_threshold;
