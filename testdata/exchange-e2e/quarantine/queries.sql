SELECT run_date, full_notifications, cap_active, quarantines_found, app_file_name, app_records, app_deferred, notification_file_name, notification_records, expected_failures FROM exchange_run ORDER BY ALL;
SELECT file_name, resend, load_status_code, quarantined, count(*) AS records, min(placement_id) AS first_placement, max(placement_id) AS last_placement FROM app_send_answer GROUP BY ALL ORDER BY ALL;
SELECT file_name, notification_type, count(*) AS records, min(placement_id) AS first_placement, max(placement_id) AS last_placement FROM notification_send GROUP BY ALL ORDER BY ALL;
SELECT file_name, file_date, detected_run_date, records, unanswered_records, max_records_per_dpn FROM app_quarantine ORDER BY ALL;
SELECT file_name, ordinal, dpn, reason_code, message FROM app_expected_failure ORDER BY ALL;
SELECT first_app_file, count(*) AS placements, min(notice_days) AS min_notice, max(notice_days) AS max_notice FROM placement_notice GROUP BY ALL ORDER BY ALL;
SELECT file_name, flag_code, count(*) AS n FROM value_flag GROUP BY ALL ORDER BY ALL;
