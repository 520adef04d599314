-- quality_trainee_extract_value was a fallback for a warehouse without the
-- exchange's trainee_field_value; every warehouse has that view (migration
-- 0005 comes first), so the fallback never ran and repeated its SQL.
DROP VIEW quality_trainee_extract_value;
