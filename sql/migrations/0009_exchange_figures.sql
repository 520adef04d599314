-- The exchanges' figures per deanery and quarter (domain 10.5, with the
-- counting rules of 5.11): volumes, rejections, quarantines, notice and
-- updates, computed from the warehouse alone: the interface files as
-- loaded, what the hub recorded while applying them, and ESR's staff
-- extracts. Reports read these views; `deanery world check` compares them
-- with a world's truth. Quarters are text `YYYYQn`. Each view also has
-- national rows (deanery_code `ALL`), pooled over every deanery. A
-- (deanery, quarter) with nothing to count has no row.

CREATE MACRO exchange_quarter_of(d) AS CAST(year(d) AS VARCHAR) || 'Q' || CAST(quarter(d) AS VARCHAR);

CREATE VIEW exchange_app_file AS
WITH app AS (
    SELECT f.file_name, f.deanery_code, f.file_date, count(r.ordinal) AS records,
           count(r.ordinal) FILTER (WHERE EXISTS (
               SELECT 1 FROM apc_record a JOIN source_file af ON af.file_name = a.file_name AND af.status = 'LOADED'
               WHERE a.app_file_name = r.file_name AND a.esr_vacancy_id = r.ordinal)) AS answered
    FROM source_file f
    LEFT JOIN app_record r ON r.file_name = f.file_name
    WHERE f.file_kind = 'INTERFACE' AND f.file_type = 'APP' AND f.status = 'LOADED'
    GROUP BY ALL
),
from_esr AS (
    SELECT deanery_code, max(file_date) AS last_file_date
    FROM source_file
    WHERE file_kind = 'INTERFACE' AND direction = 'FROM_ESR' AND status IN ('LOADED', 'REPLAY')
    GROUP BY ALL
)
SELECT a.file_name, a.deanery_code, a.file_date, exchange_quarter_of(a.file_date) AS quarter,
       a.records, a.answered,
       (q.file_name IS NOT NULL OR (a.answered < a.records AND a.file_date < e.last_file_date)) AS quarantined
FROM app a
LEFT JOIN from_esr e USING (deanery_code)
LEFT JOIN app_quarantine q ON q.file_name = a.file_name;
COMMENT ON VIEW exchange_app_file IS 'Every APP file loaded (once, redeliveries aside) with how many of its records ESR answered, and whether ESR quarantined it (5.2, 5.11 "Quarantine inference"): the hub inferred it (app_quarantine), or a record of it is named by no APC although ESR sent a file of a later date.';
COMMENT ON COLUMN exchange_app_file.file_name IS 'The APP file.';
COMMENT ON COLUMN exchange_app_file.deanery_code IS 'The sending deanery.';
COMMENT ON COLUMN exchange_app_file.file_date IS 'Date in the file name (the run date).';
COMMENT ON COLUMN exchange_app_file.quarter IS 'Quarter of the file date.';
COMMENT ON COLUMN exchange_app_file.records IS 'APP records in the file.';
COMMENT ON COLUMN exchange_app_file.answered IS 'Records an APC record of a loaded APC file names (by APP file name and esrVacancyId).';
COMMENT ON COLUMN exchange_app_file.quarantined IS 'True when ESR quarantined the file: no APC for at least one record by ESR''s next file.';

CREATE VIEW exchange_manual_hire AS
WITH stf AS (
    SELECT s.*, f.deanery_code, f.file_date, f.mode
    FROM stf_record s JOIN source_file f ON f.file_name = s.file_name AND f.status = 'LOADED'
),
first_seen AS (
    SELECT * FROM stf
    QUALIFY row_number() OVER (PARTITION BY assignment_id, period_seq ORDER BY file_date, file_name, line_number) = 1
),
success AS (
    SELECT a.assignment_id, a.position_id, f.file_date,
           row_number() OVER (PARTITION BY a.assignment_id, a.position_id ORDER BY f.file_date, a.file_name, a.line_number) AS n
    FROM apc_record a JOIN source_file f ON f.file_name = a.file_name AND f.status = 'LOADED'
    WHERE a.load_status_code = 'SUCCESS' AND a.assignment_id IS NOT NULL
),
candidate AS (
    SELECT p.assignment_id, p.position_id, p.period_seq,
           row_number() OVER (PARTITION BY p.assignment_id, p.position_id ORDER BY p.period_seq) AS n
    FROM first_seen p
    JOIN (SELECT assignment_id, position_id, min(file_date) AS first_success FROM success GROUP BY ALL) s
      ON s.assignment_id = p.assignment_id AND s.position_id = p.position_id
    WHERE p.start_date > s.first_success
),
interface_made AS (
    SELECT c.assignment_id, c.period_seq
    FROM candidate c JOIN success s USING (assignment_id, position_id, n)
)
SELECT p.deanery_code, p.assignment_id, p.period_seq, p.esr_person_number, p.position_id,
       nullif(upper(trim(p.deanery_number)), '') AS dpn, p.employing_org_vpd_code AS vpd_code,
       p.grade_payscale, p.start_date, p.last_updated, p.file_name AS first_stf_file, p.mode AS first_stf_mode,
       p.file_date AS first_stf_date, exchange_quarter_of(p.file_date) AS quarter, p.period_seq > 1 AS internal_transfer
FROM first_seen p
WHERE (upper(p.grade_payscale) LIKE 'MF%' OR upper(p.grade_payscale) LIKE 'MS%')
  AND NOT EXISTS (SELECT 1 FROM interface_made i WHERE i.assignment_id = p.assignment_id AND i.period_seq = p.period_seq)
  AND (p.mode = 'CHANGE'
       OR (p.last_updated >= date_trunc('quarter', p.file_date)
           AND p.start_date >= date_trunc('quarter', p.file_date)
           AND hour(p.last_updated) = 9 AND minute(p.last_updated) = 0));
COMMENT ON VIEW exchange_manual_hire IS 'Hires and internal transfers keyed by hand in ESR (5.4 "Manual hire"), as the staff extracts (STF, 7.9) show them, dated by keying quarter (5.11 "Counting bases"). A manual hire is an assignment period on a training pay scale (MF, MS: trainee grades, 2.3; other doctors are on MC, MH, MT) that no APC SUCCESS made. The APC SUCCESS records naming one assignment and position, in APC file order, made in turn that assignment''s periods on that position that start after the first of them (an interface hire or transfer starts after its load, 5.2-5.3), so a period keyed by hand earlier on the same assignment and position stays manual. An STF CHANGE file holds every period created in its quarter, so a period first seen in a CHANGE file was keyed in that file''s quarter. The first STF of a deanery is FULL and also holds periods keyed before it; there a period counts as keyed in the file''s quarter only when it starts in or after that quarter and was last updated in it at 09:00, the hour trusts key manual hires (5.11 "ESR''s clock"), so a period keyed earlier and changed since is left out. A manual hire removed before any STF showed it (a withdrawal by hand of a future assignment, 5.11) is not visible here.';
COMMENT ON COLUMN exchange_manual_hire.deanery_code IS 'Deanery of the STF file that first showed the period (the deanery of the employing trust).';
COMMENT ON COLUMN exchange_manual_hire.assignment_id IS 'ESR assignment id.';
COMMENT ON COLUMN exchange_manual_hire.period_seq IS 'Period number of the assignment.';
COMMENT ON COLUMN exchange_manual_hire.esr_person_number IS 'ESR person number.';
COMMENT ON COLUMN exchange_manual_hire.position_id IS 'ESR position of the period.';
COMMENT ON COLUMN exchange_manual_hire.dpn IS 'DPN the position carries; empty for a position without one (a manual hire onto an unreconciled post).';
COMMENT ON COLUMN exchange_manual_hire.vpd_code IS 'VPD of the employing trust.';
COMMENT ON COLUMN exchange_manual_hire.grade_payscale IS 'Pay scale of the period (MF01, MF02, MS01-MS08).';
COMMENT ON COLUMN exchange_manual_hire.start_date IS 'Start of the period.';
COMMENT ON COLUMN exchange_manual_hire.last_updated IS 'lastUpdated of the period in the STF that first showed it.';
COMMENT ON COLUMN exchange_manual_hire.first_stf_file IS 'The STF file that first showed the period.';
COMMENT ON COLUMN exchange_manual_hire.first_stf_mode IS 'FULL or CHANGE: the mode of that file.';
COMMENT ON COLUMN exchange_manual_hire.first_stf_date IS 'Its file date (a quarter end).';
COMMENT ON COLUMN exchange_manual_hire.quarter IS 'Quarter the hire was keyed in: the quarter of that STF file.';
COMMENT ON COLUMN exchange_manual_hire.internal_transfer IS 'True for a later period of an existing assignment (a manual internal transfer).';

CREATE VIEW exchange_volume_by_quarter AS
WITH parts AS (
    SELECT f.deanery_code, exchange_quarter_of(f.file_date) AS quarter,
           count(*) FILTER (WHERE a.load_status_code = 'SUCCESS' AND a.application_type = 'NEW') AS applicants_created,
           count(*) FILTER (WHERE a.load_status_code = 'SUCCESS' AND a.application_type = 'TRANSFER') AS internal_transfers,
           count(*) FILTER (WHERE a.load_status_code = 'FAIL') AS app_failed
    FROM apc_record a JOIN source_file f ON f.file_name = a.file_name AND f.status = 'LOADED'
    GROUP BY ALL
    UNION ALL BY NAME
    SELECT deanery_code, quarter, sum(records) AS app_records FROM exchange_app_file GROUP BY ALL
    UNION ALL BY NAME
    SELECT deanery_code, quarter, count(*) AS manual_hires FROM exchange_manual_hire GROUP BY ALL
),
by_deanery AS (
    SELECT deanery_code, quarter,
           CAST(coalesce(sum(applicants_created), 0) AS BIGINT) AS applicants_created,
           CAST(coalesce(sum(internal_transfers), 0) AS BIGINT) AS internal_transfers,
           CAST(coalesce(sum(app_records), 0) AS BIGINT) AS app_records,
           CAST(coalesce(sum(app_failed), 0) AS BIGINT) AS app_failed,
           CAST(coalesce(sum(manual_hires), 0) AS BIGINT) AS manual_hires
    FROM parts GROUP BY ALL
)
SELECT * FROM by_deanery
WHERE applicants_created + internal_transfers + app_records + app_failed + manual_hires > 0
UNION ALL
SELECT 'ALL', quarter, sum(applicants_created), sum(internal_transfers), sum(app_records), sum(app_failed), sum(manual_hires)
FROM by_deanery GROUP BY quarter
HAVING sum(applicants_created + internal_transfers + app_records + app_failed + manual_hires) > 0;
COMMENT ON VIEW exchange_volume_by_quarter IS 'Recruitment volumes per deanery and quarter (10.5 expected_volume; 5.11 "Counting bases"): APC answers by quarter of the APC file date, APP records by quarter of the APP file date (quarantined files included, a redelivered file once), manual hires by the quarter they were keyed in (exchange_manual_hire).';
COMMENT ON COLUMN exchange_volume_by_quarter.deanery_code IS 'The deanery, or ALL for every deanery together.';
COMMENT ON COLUMN exchange_volume_by_quarter.quarter IS 'Quarter, YYYYQn.';
COMMENT ON COLUMN exchange_volume_by_quarter.applicants_created IS 'APC records SUCCESS of type NEW: applicants ESR created from APP records.';
COMMENT ON COLUMN exchange_volume_by_quarter.internal_transfers IS 'APC records SUCCESS of type TRANSFER: live assignments ESR moved to the new post (5.3).';
COMMENT ON COLUMN exchange_volume_by_quarter.app_records IS 'Records of the APP files dated in the quarter, re-sends and quarantined files included.';
COMMENT ON COLUMN exchange_volume_by_quarter.app_failed IS 'APC records FAIL: APP records ESR refused.';
COMMENT ON COLUMN exchange_volume_by_quarter.manual_hires IS 'Hires and internal transfers trusts keyed by hand (exchange_manual_hire), by quarter keyed.';

CREATE VIEW exchange_rejections_by_quarter AS
WITH parts AS (
    SELECT f.deanery_code, exchange_quarter_of(f.file_date) AS quarter, 'APC' AS source,
           split_part(a.message_text, ':', 1) AS reason_code, count(*) AS count
    FROM apc_record a JOIN source_file f ON f.file_name = a.file_name AND f.status = 'LOADED'
    WHERE a.load_status_code = 'FAIL'
    GROUP BY ALL
    UNION ALL
    SELECT f.deanery_code, exchange_quarter_of(f.file_date), 'DCC', split_part(d.message_text, ':', 1), count(*)
    FROM dcc_record d JOIN source_file f ON f.file_name = d.file_name AND f.status = 'LOADED'
    WHERE d.load_status_code = 'FAIL'
    GROUP BY ALL
    UNION ALL
    SELECT f.deanery_code, exchange_quarter_of(f.file_date), 'UPDATE_APPLY', o.reason_code, count(*)
    FROM person_record_outcome o JOIN source_file f ON f.file_name = o.file_name AND f.status = 'LOADED'
    WHERE o.outcome = 'REJECTED' AND o.reason_code = 'UNKNOWN_PERSON'
    GROUP BY ALL
    UNION ALL
    SELECT deanery_code, exchange_quarter_of(file_date), 'FILE', reason_code, count(DISTINCT file_name)
    FROM source_file
    WHERE file_kind = 'INTERFACE' AND status = 'REJECTED' AND deanery_code IS NOT NULL AND file_date IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM source_file l WHERE l.file_name = source_file.file_name AND l.status = 'LOADED')
    GROUP BY ALL
)
SELECT deanery_code, quarter, source, reason_code, CAST(count AS BIGINT) AS count FROM parts
UNION ALL
SELECT 'ALL', quarter, source, reason_code, CAST(sum(count) AS BIGINT) FROM parts GROUP BY ALL;
COMMENT ON VIEW exchange_rejections_by_quarter IS 'Failures per deanery, quarter of the file date, source and reason (10.5 expected_rejections, 5.11): APC records FAIL, DCC records FAIL, person records of applied RMC/RMF files rejected UNKNOWN_PERSON, and interface files rejected whole (a file delivered again counted once; a file later loaded under the same name is not counted). Warnings and reader flags are not failures.';
COMMENT ON COLUMN exchange_rejections_by_quarter.deanery_code IS 'The deanery of the file, or ALL.';
COMMENT ON COLUMN exchange_rejections_by_quarter.quarter IS 'Quarter of the file date (the APC, DCC or RMC/RMF file; the rejected file itself for FILE).';
COMMENT ON COLUMN exchange_rejections_by_quarter.source IS 'APC, DCC, UPDATE_APPLY or FILE.';
COMMENT ON COLUMN exchange_rejections_by_quarter.reason_code IS 'ESR''s reason code (the text before the colon of its message), UNKNOWN_PERSON, or the loader''s whole-file reason.';
COMMENT ON COLUMN exchange_rejections_by_quarter.count IS 'Records refused (files for FILE).';

CREATE VIEW exchange_quarantine_by_dpn AS
WITH per_dpn AS (
    SELECT f.file_name, f.deanery_code, f.file_date, f.quarter, upper(trim(r.deanery_number)) AS dpn, count(*) AS records_for_dpn
    FROM exchange_app_file f JOIN app_record r USING (file_name)
    WHERE f.quarantined
    GROUP BY ALL
)
SELECT * FROM per_dpn WHERE records_for_dpn > 40;
COMMENT ON VIEW exchange_quarantine_by_dpn IS 'Why APP files were quarantined (10.5 expected_quarantine, 5.2): one row per DPN with more than 40 records in a quarantined APP file (exchange_app_file).';
COMMENT ON COLUMN exchange_quarantine_by_dpn.file_name IS 'The quarantined APP file.';
COMMENT ON COLUMN exchange_quarantine_by_dpn.deanery_code IS 'The sending deanery.';
COMMENT ON COLUMN exchange_quarantine_by_dpn.file_date IS 'The file date.';
COMMENT ON COLUMN exchange_quarantine_by_dpn.quarter IS 'Quarter of the file date.';
COMMENT ON COLUMN exchange_quarantine_by_dpn.dpn IS 'The DPN (deaneryNumber) over the limit, trimmed and upper-case.';
COMMENT ON COLUMN exchange_quarantine_by_dpn.records_for_dpn IS 'Records of the file for that DPN (above 40).';

CREATE VIEW exchange_placement_notice AS
WITH sent AS (
    SELECT f.deanery_code, f.file_name, f.file_date, r.deanery_placement_id AS placement_id, r.projected_hire_date
    FROM exchange_app_file f JOIN app_record r USING (file_name)
    WHERE NOT f.quarantined AND r.deanery_placement_id IS NOT NULL
),
first_sent AS (
    SELECT deanery_code, placement_id,
           arg_min(file_name, (file_date, file_name)) AS first_app_file,
           min(file_date) AS first_app_date,
           arg_min(projected_hire_date, (file_date, file_name)) AS start_date_sent
    FROM sent GROUP BY ALL
)
SELECT p.deanery_code, p.placement_id, p.start_date, exchange_quarter_of(p.start_date) AS quarter,
       s.first_app_file, s.first_app_date, s.start_date_sent,
       datediff('day', s.first_app_date, s.start_date_sent) AS notice_days,
       datediff('day', s.first_app_date, s.start_date_sent) >= 84 AS compliant
FROM placement p
LEFT JOIN first_sent s USING (deanery_code, placement_id)
WHERE p.lifecycle_state = 'APPROVED' AND NOT coalesce(p.withdrawn, false) AND sent_type(p.placement_type)
  AND p.start_date IS NOT NULL;
COMMENT ON VIEW exchange_placement_notice IS 'Every placement in notice scope (10.5 expected_notice: approved, not withdrawn, of a sent type, as the deanery holds it now; a deleted trainee''s placements stay in scope, 5.11) with the notice it was given (5.5, 5.11 "Notice basis"): the start date carried by the first APP file, not quarantined, that carried it, minus that file''s date. Placements carried only by quarantined files, or never, have no notice: not sent.';
COMMENT ON COLUMN exchange_placement_notice.deanery_code IS 'The deanery.';
COMMENT ON COLUMN exchange_placement_notice.placement_id IS 'The placement.';
COMMENT ON COLUMN exchange_placement_notice.start_date IS 'Its latest start date in the deanery system.';
COMMENT ON COLUMN exchange_placement_notice.quarter IS 'Quarter of that start date: the quarter it is reported in.';
COMMENT ON COLUMN exchange_placement_notice.first_app_file IS 'The first APP file, not quarantined, that carried it; empty when never sent.';
COMMENT ON COLUMN exchange_placement_notice.first_app_date IS 'Its file date.';
COMMENT ON COLUMN exchange_placement_notice.start_date_sent IS 'The start date (projectedHireDate) that file carried.';
COMMENT ON COLUMN exchange_placement_notice.notice_days IS 'start_date_sent - first_app_date, in days; empty when not sent.';
COMMENT ON COLUMN exchange_placement_notice.compliant IS 'True at 84 days or more (the 12-week rule); empty when not sent.';

CREATE VIEW exchange_notice_by_quarter AS
WITH by_deanery AS (
    SELECT deanery_code, quarter,
           count(*) FILTER (WHERE notice_days IS NOT NULL) AS placements_measured,
           count(*) FILTER (WHERE compliant) AS compliant,
           count(*) FILTER (WHERE notice_days IS NULL) AS not_sent
    FROM exchange_placement_notice
    WHERE quarter BETWEEN (SELECT exchange_quarter_of(min(file_date)) FROM source_file WHERE file_kind = 'INTERFACE' AND status = 'LOADED')
                      AND (SELECT exchange_quarter_of(max(file_date)) FROM source_file WHERE file_kind = 'INTERFACE' AND status = 'LOADED')
    GROUP BY ALL
)
SELECT * FROM by_deanery
UNION ALL
SELECT 'ALL', quarter, sum(placements_measured), sum(compliant), sum(not_sent) FROM by_deanery GROUP BY quarter;
COMMENT ON VIEW exchange_notice_by_quarter IS 'Notice compliance per deanery and quarter of start date (10.5 expected_notice, 5.5), from exchange_placement_notice, for the quarters the interface files cover (from the quarter of the first loaded file date to that of the last): earlier placements predate the exchange, later ones are still to be sent.';
COMMENT ON COLUMN exchange_notice_by_quarter.deanery_code IS 'The deanery, or ALL.';
COMMENT ON COLUMN exchange_notice_by_quarter.quarter IS 'Quarter of the placements'' latest start date.';
COMMENT ON COLUMN exchange_notice_by_quarter.placements_measured IS 'Placements in scope with a notice value.';
COMMENT ON COLUMN exchange_notice_by_quarter.compliant IS 'Of those, the ones given 84 days or more.';
COMMENT ON COLUMN exchange_notice_by_quarter.not_sent IS 'Placements in scope never carried by an APP file that was not quarantined.';

CREATE VIEW exchange_updates_by_quarter AS
WITH parts AS (
    SELECT deanery_code, exchange_quarter_of(file_date) AS quarter, sum(record_count) AS records_received
    FROM source_file
    WHERE file_kind = 'INTERFACE' AND file_type IN ('RMC', 'RMF') AND status = 'LOADED'
    GROUP BY ALL
    UNION ALL BY NAME
    SELECT f.deanery_code, exchange_quarter_of(f.file_date) AS quarter,
           count(DISTINCT (u.file_name, u.trainee_id, u.field)) AS fields_propagated
    FROM trainee_field_update u JOIN source_file f ON f.file_name = u.file_name AND f.status = 'LOADED'
    GROUP BY ALL
    UNION ALL BY NAME
    SELECT f.deanery_code, exchange_quarter_of(f.file_date) AS quarter, count(*) AS rejected_unknown_person
    FROM person_record_outcome o JOIN source_file f ON f.file_name = o.file_name AND f.status = 'LOADED'
    WHERE o.outcome = 'REJECTED' AND o.reason_code = 'UNKNOWN_PERSON'
    GROUP BY ALL
    UNION ALL BY NAME
    SELECT deanery_code, exchange_quarter_of(file_date) AS quarter, count(*) AS replays
    FROM source_file
    WHERE file_kind = 'INTERFACE' AND status = 'REPLAY' AND deanery_code IS NOT NULL
    GROUP BY ALL
    UNION ALL BY NAME
    SELECT g.deanery_code, exchange_quarter_of(f.file_date) AS quarter, count(*) AS gaps
    FROM sequence_gap g JOIN source_file f ON f.file_name = g.found_in_file AND f.status = 'LOADED'
    GROUP BY ALL
),
by_deanery AS (
    SELECT deanery_code, quarter,
           CAST(coalesce(sum(records_received), 0) AS BIGINT) AS records_received,
           CAST(coalesce(sum(fields_propagated), 0) AS BIGINT) AS fields_propagated,
           CAST(coalesce(sum(rejected_unknown_person), 0) AS BIGINT) AS rejected_unknown_person,
           CAST(coalesce(sum(replays), 0) AS BIGINT) AS replays,
           CAST(coalesce(sum(gaps), 0) AS BIGINT) AS gaps
    FROM parts GROUP BY ALL
)
SELECT * FROM by_deanery
WHERE records_received + fields_propagated + rejected_unknown_person + replays + gaps > 0
UNION ALL
SELECT 'ALL', quarter, sum(records_received), sum(fields_propagated), sum(rejected_unknown_person), sum(replays), sum(gaps)
FROM by_deanery GROUP BY quarter
HAVING sum(records_received + fields_propagated + rejected_unknown_person + replays + gaps) > 0;
COMMENT ON VIEW exchange_updates_by_quarter IS 'The update interface per deanery and quarter of the file date (10.5 expected_updates, 5.8, 5.9): records received in applied RMC/RMF files, trainee fields propagated, person records rejected UNKNOWN_PERSON, files recognised as replays (every file type), and sequence numbers recorded missing.';
COMMENT ON COLUMN exchange_updates_by_quarter.deanery_code IS 'The deanery, or ALL.';
COMMENT ON COLUMN exchange_updates_by_quarter.quarter IS 'Quarter of the file date (for gaps, of the file whose arrival revealed them).';
COMMENT ON COLUMN exchange_updates_by_quarter.records_received IS 'POS, POR, PER, ADD, ASG and PBD records of the RMC/RMF files loaded (the trailer count; a redelivery adds none).';
COMMENT ON COLUMN exchange_updates_by_quarter.fields_propagated IS 'Distinct (trainee, field) propagations per file (5.8 step 4; 5.11: forenames once per trainee and file).';
COMMENT ON COLUMN exchange_updates_by_quarter.rejected_unknown_person IS 'Person records rejected UNKNOWN_PERSON on apply.';
COMMENT ON COLUMN exchange_updates_by_quarter.replays IS 'Files delivered again with the same name and content (status REPLAY), every file type.';
COMMENT ON COLUMN exchange_updates_by_quarter.gaps IS 'Sequence numbers recorded missing (sequence_gap).';
