SELECT run_date, full_notifications, cap_active, quarantines_found, app_file_name, app_records, app_deferred, notification_file_name, notification_records, expected_failures FROM exchange_run ORDER BY ALL;
SELECT file_name, ordinal, placement_id, position_id, resend, load_status_code, reason_code, applicant_number, assignment_id, application_type, quarantined FROM app_send_answer ORDER BY file_name, ordinal;
SELECT file_name, ordinal, notification_type, dpn, placement_id, start_date, end_date FROM notification_send ORDER BY ALL;
SELECT file_name, file_type, status, reason_code FROM source_file WHERE file_kind = 'INTERFACE' ORDER BY ALL;
SELECT count(*) AS apc_records FROM apc_record;
SELECT count(*) AS por_records FROM por_record;
