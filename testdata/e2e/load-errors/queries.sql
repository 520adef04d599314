SELECT load_id, files_seen, files_loaded, files_replayed, files_rejected FROM load_run ORDER BY load_id;
