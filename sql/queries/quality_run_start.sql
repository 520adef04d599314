-- Open a quality run: the next run id, the quarters the loaded staff
-- extracts cover (one STF per deanery at every quarter end) and the latest
-- file date the warehouse holds.
INSERT INTO quality_run (run_id, started_at, data_as_of, first_quarter, last_quarter, trainee_source,
                         link_threshold, review_threshold, random_pairs, tool_version)
SELECT coalesce((SELECT max(run_id) FROM quality_run), 0) + 1, $started_at,
       (SELECT max(file_date) FROM source_file WHERE status = 'LOADED'),
       (SELECT strftime(min(file_date), '%YQ') || quarter(min(file_date)) FROM source_file WHERE status = 'LOADED' AND file_type = 'STF'),
       (SELECT strftime(max(file_date), '%YQ') || quarter(max(file_date)) FROM source_file WHERE status = 'LOADED' AND file_type = 'STF'),
       $trainee_source, $link_threshold, $review_threshold, $random_pairs, $tool_version
RETURNING run_id, first_quarter, last_quarter, data_as_of;
