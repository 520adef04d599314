-- After quarantine inference: a deanery caps each DPN at 40 APP records per
-- file from its first inferred quarantine on (5.2); records how many files
-- this run found quarantined.
UPDATE exchange_run r
SET cap_active = EXISTS (SELECT 1 FROM app_quarantine q WHERE q.deanery_code = r.deanery_code AND q.detected_run_date <= r.run_date),
    quarantines_found = (SELECT count(*) FROM app_quarantine q WHERE q.deanery_code = r.deanery_code AND q.detected_run_date = r.run_date)
WHERE r.run_date = CAST($run_date AS DATE);
