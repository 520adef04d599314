-- Stores how many trainee fields each person record of $file_name changed.
UPDATE person_record_outcome o
SET fields_propagated = (SELECT count(*) FROM trainee_field_update u WHERE u.file_name = o.file_name AND u.line_number = o.line_number)
WHERE o.file_name = $file_name;
