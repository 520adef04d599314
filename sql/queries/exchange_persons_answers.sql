-- The APC SUCCESS answers person resolution may use (5.8 step 3): one row
-- per (deanery, trainee, assignment id, APC createdAt).

-- step: replay
-- In a set-based replay: the answers tied to the pass's sends.
CREATE OR REPLACE TEMP TABLE xr_ok AS
SELECT DISTINCT deanery_code, trainee_id, assignment_id, apc_at FROM xr_tie_new
WHERE load_status_code = 'SUCCESS' AND assignment_id IS NOT NULL;

-- step: warehouse
-- When applying files: the answers the warehouse holds.
CREATE OR REPLACE TEMP TABLE xr_ok AS
SELECT DISTINCT s.deanery_code, s.trainee_id, s.assignment_id, f.created_at AS apc_at
FROM app_send_answer s JOIN source_file f ON f.file_name = s.apc_file_name
WHERE s.load_status_code = 'SUCCESS' AND s.assignment_id IS NOT NULL;
