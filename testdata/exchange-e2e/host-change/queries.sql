SELECT run_date, full_notifications, cap_active, quarantines_found, app_file_name, app_records, app_deferred, notification_file_name, notification_records, expected_failures FROM exchange_run ORDER BY ALL;
SELECT file_name, ordinal, placement_id, position_id, resend, load_status_code, reason_code, applicant_number, assignment_id, application_type, quarantined FROM app_send_answer ORDER BY file_name, ordinal;
SELECT file_name, ordinal, notification_type, dpn, placement_id, start_date, end_date FROM notification_send ORDER BY ALL;
SELECT file_name, line_number, record_type, esr_person_number, trainee_id, outcome, reason_code, fields_propagated FROM person_record_outcome ORDER BY ALL;
SELECT count(*) AS trainee_field_updates FROM trainee_field_update;
SELECT placement_id, start_date, end_date, wte FROM placement ORDER BY ALL;
SELECT assignment_id, position_id, host_lead_indicator, start_date, projected_end_date, wte FROM asg_record ORDER BY ALL;
