-- Stores what exchange_persons computed: the links made, every record's
-- outcome with the fields it propagated, and the propagated values (which
-- the caller has renamed from xr_tfu_new to xr_tfu).

-- step: links
INSERT INTO person_link (deanery_code, esr_person_number, trainee_id, linked_by, file_name, linked_at)
SELECT deanery_code, esr_person_number, trainee_id, linked_by, file_name, linked_at FROM xr_link_new;

-- step: outcomes
INSERT INTO person_record_outcome (file_name, line_number, deanery_code, record_type, esr_person_number,
                                   change_timestamp, apply_order, trainee_id, outcome, reason_code,
                                   fields_propagated, applied_at)
SELECT o.file_name, o.line_number, o.deanery_code, o.record_type, o.esr_person_number, o.change_timestamp,
       o.apply_order, o.trainee_id, o.outcome, o.reason_code,
       (SELECT count(*) FROM xr_tfu u WHERE u.file_name = o.file_name AND u.line_number = o.line_number),
       o.applied_at
FROM xr_outc_new o;

-- step: updates
INSERT INTO trainee_field_update (deanery_code, trainee_id, field, value, applied_at, change_timestamp,
                                  file_name, line_number, record_type, apply_order)
SELECT deanery_code, trainee_id, field, value, applied_at, change_timestamp, file_name, line_number, record_type, apply_order
FROM xr_tfu;
