SELECT run_date, full_notifications, cap_active, quarantines_found, app_file_name, app_records, app_deferred, notification_file_name, notification_records, expected_failures FROM exchange_run ORDER BY ALL;
SELECT file_name, ordinal, placement_id, position_id, resend, load_status_code, reason_code, applicant_number, assignment_id, application_type, quarantined FROM app_send_answer ORDER BY file_name, ordinal;
SELECT file_name, ordinal, notification_type, dpn, placement_id, start_date, end_date FROM notification_send ORDER BY ALL;
-- notice per placement (5.5); a placement never sent has none
SELECT p.placement_id, p.start_date, n.first_app_date, n.notice_days, n.compliant, n.placement_id IS NULL AS not_sent FROM placement p LEFT JOIN placement_notice n USING (deanery_code, placement_id) ORDER BY ALL;
