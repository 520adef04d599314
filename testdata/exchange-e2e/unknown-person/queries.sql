SELECT run_date, full_notifications, cap_active, quarantines_found, app_file_name, app_records, app_deferred, notification_file_name, notification_records, expected_failures FROM exchange_run ORDER BY ALL;
SELECT file_name, ordinal, placement_id, position_id, resend, load_status_code, reason_code, applicant_number, assignment_id, application_type, quarantined FROM app_send_answer ORDER BY file_name, ordinal;
SELECT file_name, ordinal, notification_type, dpn, placement_id, start_date, end_date FROM notification_send ORDER BY ALL;
SELECT file_name, line_number, record_type, esr_person_number, trainee_id, outcome, reason_code, fields_propagated FROM person_record_outcome ORDER BY ALL;
SELECT esr_person_number, trainee_id, linked_by, file_name FROM person_link ORDER BY ALL;
SELECT trainee_id, field, value, file_name FROM trainee_field_update ORDER BY ALL;
SELECT trainee_id, surname, forenames, email, gmc_number FROM trainee_at(TIMESTAMP '2011-05-09 17:00:00') ORDER BY ALL;
