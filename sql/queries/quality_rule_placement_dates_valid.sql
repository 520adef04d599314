-- rule: placement_dates_valid
-- category: validity
-- description: Approved placements whose end is before their start, or whose whole-time equivalent is outside 0.10 to 1.00.
-- warn: count 1
-- fail: percent 1
SELECT deanery_code, placement_id AS record_key,
       end_date < start_date OR wte NOT BETWEEN 0.10 AND 1.00 AS offending,
       'start ' || coalesce(CAST(start_date AS VARCHAR), '') || ', end ' || coalesce(CAST(end_date AS VARCHAR), '') ||
       ', wte ' || coalesce(CAST(wte AS VARCHAR), '') AS detail
FROM placement WHERE lifecycle_state = 'APPROVED' AND NOT withdrawn;
