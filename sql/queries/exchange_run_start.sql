-- Opens the recruitment runs of $run_date (domain 5.1): one row per deanery
-- with a trust live for recruitment on that day and no run yet that day
-- ($deanery = '' takes every deanery). A deanery's first run is its go-live
-- day: its notifications go in a DNF (5.7).
INSERT INTO exchange_run (deanery_code, run_date, as_of, full_notifications, cap_active, quarantines_found,
                          app_records, app_deferred, notification_records, expected_failures, built_at)
SELECT d.deanery_code,
       CAST($run_date AS DATE),
       CAST($run_date AS DATE) + INTERVAL 17 HOUR,
       NOT EXISTS (SELECT 1 FROM exchange_run r WHERE r.deanery_code = d.deanery_code),
       false, 0, 0, 0, 0, 0,
       CAST($built_at AS TIMESTAMP)
FROM deanery d
WHERE (CAST($deanery AS VARCHAR) = '' OR d.deanery_code = CAST($deanery AS VARCHAR))
  AND EXISTS (SELECT 1 FROM interface_pair ip
              WHERE ip.deanery_code = d.deanery_code AND ip.recruitment_live_from <= CAST($run_date AS DATE))
  AND NOT EXISTS (SELECT 1 FROM exchange_run r
                  WHERE r.deanery_code = d.deanery_code AND r.run_date >= CAST($run_date AS DATE))
RETURNING deanery_code, full_notifications;
