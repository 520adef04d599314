-- Close a quality run.
UPDATE quality_run SET finished_at = $finished_at WHERE run_id = $run_id;
