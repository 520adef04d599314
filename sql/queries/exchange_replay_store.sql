-- The set-based recruitment exchange, part 4: what it built goes into the
-- exchange tables (0005), meaning what their comments say, for the runs
-- built (xr_brun). The files themselves are written by the caller.

-- step: runs
INSERT INTO exchange_run (deanery_code, run_date, as_of, full_notifications, cap_active, quarantines_found,
                          app_file_name, app_records, app_deferred, notification_file_name, notification_records,
                          expected_failures, built_at)
SELECT r.deanery_code, r.run_date, r.as_of, r.dnf, coalesce(r.run_no >= c.cap_from, false),
       (SELECT count(*) FROM xr_quar q WHERE q.deanery_code = r.deanery_code AND q.detected_run_no = r.run_no
            AND q.file_name NOT IN (SELECT file_name FROM app_quarantine)),
       af.file_name,
       (SELECT count(*) FROM xr_app a WHERE a.deanery_code = r.deanery_code AND a.run_no = r.run_no),
       (SELECT count(*) FROM xr_block b WHERE b.deanery_code = r.deanery_code AND b.run_no = r.run_no),
       nf.file_name, coalesce(nf.records, 0), 0, p.built_at
FROM xr_brun r
CROSS JOIN xr_param p
LEFT JOIN xr_cap c ON c.deanery_code = r.deanery_code
LEFT JOIN xr_app_file af ON af.deanery_code = r.deanery_code AND af.run_no = r.run_no
LEFT JOIN xr_note_file nf ON nf.deanery_code = r.deanery_code AND nf.run_no = r.run_no;

-- step: quarantines
INSERT INTO app_quarantine (file_name, deanery_code, file_date, detected_run_date, records, unanswered_records, max_records_per_dpn)
SELECT q.file_name, q.deanery_code, q.run_date, d.run_date, q.records, q.unanswered, q.max_records_per_dpn
FROM xr_quar q
JOIN xr_brun d ON d.deanery_code = q.deanery_code AND d.run_no = q.detected_run_no
WHERE q.file_name NOT IN (SELECT file_name FROM app_quarantine);

-- step: sends
INSERT INTO app_send (file_name, ordinal, deanery_code, run_date, placement_id, trainee_id, post_id, dpn,
                      position_id, position_number, start_date, end_date, resend, payload)
SELECT file_name, ordinal, deanery_code, run_date, placement_id, trainee_id, post_id, dpn,
       position_id, position_number, start_date, end_date, resend, payload
FROM xr_app;

-- step: notifications
INSERT INTO notification_send (file_name, ordinal, deanery_code, run_date, notification_type, post_id, dpn,
                               placement_id, start_date, end_date)
SELECT f.file_name, n.ordinal, n.deanery_code, f.run_date, n.typ, n.post_id, n.dpn, nullif(n.concerned, ''),
       n.start_date, n.end_date
FROM xr_note n JOIN xr_note_file f USING (deanery_code, run_no);
