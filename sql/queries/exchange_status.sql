-- Per deanery and stream (file type): the last file and its sequence, files
-- and records, records ESR accepted and failed (APC for APP, DCC for DNC
-- and DNF) with the failures by reason, APP files inferred quarantined,
-- sequence gaps, replays, and the backlog: records sent and not yet
-- answered (APP, DNC, DNF), or person records rejected (RMC, RMF).
WITH files AS (
    SELECT * FROM source_file WHERE file_kind = 'INTERFACE' AND deanery_code IS NOT NULL
),
loaded AS (
    SELECT deanery_code, file_type,
           arg_max(file_name, (sequence_number, file_date, file_name)) AS last_file,
           max(sequence_number) AS last_sequence,
           count(*) AS files, sum(coalesce(record_count, 0)) AS records
    FROM files WHERE status = 'LOADED' GROUP BY ALL
),
replays AS (
    SELECT deanery_code, file_type, count(*) AS n FROM files WHERE status = 'REPLAY' GROUP BY ALL
),
rejected_files AS (
    SELECT deanery_code, file_type, count(*) AS n FROM files WHERE status = 'REJECTED' GROUP BY ALL
),
gaps AS (
    SELECT deanery_code, file_type, count(*) AS n FROM sequence_gap GROUP BY ALL
),
app_answers AS (
    SELECT f.deanery_code, 'APP' AS file_type,
           count(*) FILTER (WHERE a.load_status_code = 'SUCCESS') AS accepted,
           count(*) FILTER (WHERE a.load_status_code = 'FAIL') AS failed,
           count(*) FILTER (WHERE a.load_status_code IS NULL AND NOT a.quarantined) AS backlog
    FROM app_send_answer a JOIN files f ON f.file_name = a.file_name AND f.status = 'LOADED'
    GROUP BY ALL
),
dnc_answers AS (
    SELECT f.deanery_code, f.file_type,
           count(*) FILTER (WHERE c.load_status_code = 'SUCCESS') AS accepted,
           count(*) FILTER (WHERE c.load_status_code = 'FAIL') AS failed,
           count(*) FILTER (WHERE c.load_status_code IS NULL) AS backlog
    FROM dnc_record d JOIN files f ON f.file_name = d.file_name AND f.status = 'LOADED'
    LEFT JOIN dcc_record c ON c.dnc_file_name = d.file_name AND c.record_ordinal = d.ordinal
    GROUP BY ALL
),
reasons AS (
    SELECT deanery_code, file_type, string_agg(reason || ' ' || n, ', ' ORDER BY reason) AS by_reason FROM (
        SELECT a.deanery_code, 'APP' AS file_type, a.reason_code AS reason, count(*) AS n
        FROM app_send_answer a WHERE a.load_status_code = 'FAIL' GROUP BY ALL
        UNION ALL
        SELECT f.deanery_code, f.file_type, split_part(c.message_text, ':', 1), count(*)
        FROM dcc_record c JOIN files f ON f.file_name = c.dnc_file_name AND f.status = 'LOADED'
        WHERE c.load_status_code = 'FAIL' GROUP BY ALL
        UNION ALL
        SELECT o.deanery_code, f.file_type, o.reason_code, count(*)
        FROM person_record_outcome o JOIN files f ON f.file_name = o.file_name AND f.status = 'LOADED'
        WHERE o.outcome = 'REJECTED' GROUP BY ALL
    ) GROUP BY ALL
),
quarantine AS (
    SELECT deanery_code, 'APP' AS file_type, count(*) AS n FROM app_quarantine GROUP BY ALL
),
person_backlog AS (
    SELECT o.deanery_code, f.file_type, count(*) AS n
    FROM person_record_outcome o JOIN files f ON f.file_name = o.file_name AND f.status = 'LOADED'
    WHERE o.outcome = 'REJECTED' GROUP BY ALL
)
SELECT l.deanery_code, l.file_type, l.last_file, l.last_sequence, l.files, l.records,
       coalesce(a.accepted, d.accepted, 0) AS accepted,
       coalesce(a.failed, d.failed, 0) AS failed,
       coalesce(r.by_reason, '') AS failed_by_reason,
       coalesce(q.n, 0) AS quarantined_files,
       coalesce(g.n, 0) AS gaps,
       coalesce(rp.n, 0) AS replays,
       coalesce(rj.n, 0) AS rejected_files,
       coalesce(a.backlog, d.backlog, pb.n, 0) AS backlog
FROM loaded l
LEFT JOIN app_answers a USING (deanery_code, file_type)
LEFT JOIN dnc_answers d USING (deanery_code, file_type)
LEFT JOIN reasons r USING (deanery_code, file_type)
LEFT JOIN quarantine q USING (deanery_code, file_type)
LEFT JOIN gaps g USING (deanery_code, file_type)
LEFT JOIN replays rp USING (deanery_code, file_type)
LEFT JOIN rejected_files rj USING (deanery_code, file_type)
LEFT JOIN person_backlog pb USING (deanery_code, file_type)
ORDER BY l.deanery_code, l.file_type;
