SELECT file_name, file_kind, status, reason_code, reason, record_count FROM source_file ORDER BY ALL;
SELECT (SELECT count(*) FROM post_version) AS posts, (SELECT count(*) FROM trust) AS trusts,
       (SELECT count(*) FROM deanery) AS deaneries, (SELECT count(*) FROM rejected_record) AS rejected,
       (SELECT count(*) FROM value_flag) AS flagged;
