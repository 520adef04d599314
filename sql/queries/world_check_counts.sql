-- The demo's check of a generated world: per deanery, what the warehouse
-- holds beside what the world's truth says it should. Reads the truth through
-- the truth_<table> views; only the `world` commands and tests run it.
WITH settings AS (
    SELECT CAST($world_to AS DATE) AS world_to
),
truth_trainees AS (
    SELECT deanery_code, count(*) AS n
    FROM truth_record_identity, settings
    WHERE side = 'DEANERY'
    GROUP BY ALL
),
truth_posts AS (
    SELECT deanery_code, count(DISTINCT post_id) AS n
    FROM truth_post_truth, settings
    WHERE CAST(live_from AS DATE) <= world_to
    GROUP BY ALL
),
truth_placements AS (
    SELECT split_part(dpn, '/', 1) AS deanery_code, count(*) AS n
    FROM truth_placement_truth, settings
    WHERE CAST(created_at AS TIMESTAMP) < world_to + INTERVAL 1 DAY
    GROUP BY ALL
),
truth_files AS (
    SELECT deanery_code,
           count(*) FILTER (WHERE delivered = 'true') AS files,
           sum(CAST(record_count AS BIGINT)) FILTER (WHERE delivered = 'true') AS records,
           sum(len(string_split(delivery_dates, ';')) - 1) FILTER (WHERE delivered = 'true') AS replays
    FROM truth_file_truth
    GROUP BY ALL
),
interface_held AS (
    SELECT deanery_code,
           count(*) FILTER (WHERE status = 'LOADED') AS files,
           coalesce(sum(record_count) FILTER (WHERE status = 'LOADED'), 0) AS records,
           count(*) FILTER (WHERE status = 'REPLAY') AS replays
    FROM source_file
    WHERE file_kind = 'INTERFACE'
    GROUP BY ALL
),
held AS (
    SELECT d.deanery_code,
           (SELECT count(DISTINCT trainee_id) FROM trainee_version t WHERE t.deanery_code = d.deanery_code) AS trainees,
           (SELECT count(DISTINCT post_id) FROM post_version p WHERE p.deanery_code = d.deanery_code) AS posts,
           (SELECT count(DISTINCT placement_id) FROM placement_version p WHERE p.deanery_code = d.deanery_code) AS placements,
           (SELECT count(*) FROM source_file f WHERE f.deanery_code = d.deanery_code AND f.status = 'LOADED') AS files_loaded,
           (SELECT count(*) FROM rejected_record r JOIN source_file f USING (file_name) WHERE f.deanery_code = d.deanery_code) AS records_rejected
    FROM deanery d
)
SELECT h.deanery_code,
       h.files_loaded,
       h.records_rejected,
       coalesce(ih.files, 0) AS interface_files, coalesce(tf.files, 0) AS truth_interface_files,
       coalesce(ih.records, 0) AS interface_records, coalesce(tf.records, 0) AS truth_interface_records,
       coalesce(ih.replays, 0) AS replays, coalesce(tf.replays, 0) AS truth_replays,
       h.trainees, coalesce(tt.n, 0) AS truth_trainees,
       h.posts, coalesce(tp.n, 0) AS truth_posts,
       h.placements, coalesce(tl.n, 0) AS truth_placements
FROM held h
LEFT JOIN truth_trainees tt USING (deanery_code)
LEFT JOIN truth_posts tp USING (deanery_code)
LEFT JOIN truth_placements tl USING (deanery_code)
LEFT JOIN truth_files tf USING (deanery_code)
LEFT JOIN interface_held ih USING (deanery_code)
ORDER BY h.deanery_code;
