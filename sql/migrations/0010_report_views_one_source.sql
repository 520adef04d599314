-- One definition per figure (issue 7): the report views that counted the
-- same figures as the exchange views of 0009 now read those views, and keep
-- their own names and columns so the pages read them as before. What stays
-- here is presentation only: every deanery and quarter of report_quarter
-- with zeros where nothing was counted, and the compliance rate.
--
-- The exchange definitions are the ones kept, because they follow the
-- domain text where the two differed:
-- - Manual hires (report_volume.manual_hires, report_manual_hire): 10.5
--   counts them by hire date and 5.11 "Counting bases" by keying date, seen
--   only through the staff extract. exchange_manual_hire dates a hire by the
--   quarter of the first STF that shows it (a CHANGE file holds the periods
--   keyed in its quarter), where the report dated it by the period start, up
--   to 60 days after the keying (5.4) and so often a quarter late; it also
--   tells trainees by pay scale, so hires onto positions without a DPN count.
-- - Notice (report_notice, report_app_first_send): 5.11 "Quarantine
--   inference" makes a file quarantined when one of its records is named by
--   no APC by ESR's next file; exchange_app_file applies that per record
--   (and takes the hub's own inference), where the report took a file as
--   quarantined only when no APC answered any of its records.
-- - Rejections (report_rejection): 5.11 "expected_rejections" counts, on
--   apply, UNKNOWN_PERSON only, and a file rejected whole once however often
--   it was delivered; the report counted every rejected source_file row.
-- Volumes from the APC and APP files were the same in both; they are now
-- read from one place too.

CREATE OR REPLACE MACRO report_quarter_of(d) AS exchange_quarter_of(d);

CREATE OR REPLACE VIEW report_manual_hire AS
WITH status AS (
    SELECT s.assignment_id, s.period_seq,
           arg_max(s.assignment_status, (f.file_date, s.file_name, s.line_number)) AS assignment_status
    FROM stf_record s JOIN source_file f ON f.file_name = s.file_name AND f.status = 'LOADED'
    GROUP BY ALL
)
SELECT m.deanery_code, t.trust_code, m.vpd_code, m.assignment_id, m.period_seq, m.position_id, m.dpn,
       m.start_date, m.quarter, s.assignment_status, m.internal_transfer
FROM exchange_manual_hire m
LEFT JOIN trust t ON t.vpd_code = m.vpd_code
LEFT JOIN status s USING (assignment_id, period_seq);
COMMENT ON VIEW report_manual_hire IS 'Manual hires and internal transfers as exchange_manual_hire defines them (the one definition: a period on a training pay scale that no APC SUCCESS made, dated by the quarter it was keyed in, 5.11 "Counting bases"), with the employing trust and the status the latest staff extract shows.';
COMMENT ON COLUMN report_manual_hire.deanery_code IS 'Deanery of the STF file that first showed the period (the deanery of the employing trust).';
COMMENT ON COLUMN report_manual_hire.trust_code IS 'Employing trust (from the period''s VPD); empty when the VPD is not a known trust.';
COMMENT ON COLUMN report_manual_hire.vpd_code IS 'VPD of the employing trust.';
COMMENT ON COLUMN report_manual_hire.assignment_id IS 'ESR assignment id.';
COMMENT ON COLUMN report_manual_hire.period_seq IS 'Period number of the assignment (1 = hire, more = internal transfer).';
COMMENT ON COLUMN report_manual_hire.position_id IS 'ESR position of the period.';
COMMENT ON COLUMN report_manual_hire.dpn IS 'DPN the position carries; empty for a position without one (a manual hire onto an unreconciled post).';
COMMENT ON COLUMN report_manual_hire.start_date IS 'Start of the period.';
COMMENT ON COLUMN report_manual_hire.quarter IS 'Quarter the hire was keyed in: that of the first STF file showing the period (exchange_manual_hire.quarter).';
COMMENT ON COLUMN report_manual_hire.assignment_status IS 'ACTIVE, ENDED or CANCELLED as last extracted.';
COMMENT ON COLUMN report_manual_hire.internal_transfer IS 'True for a manual internal transfer (a later period of an existing assignment).';

CREATE OR REPLACE VIEW report_volume AS
SELECT d.deanery_code, q.quarter,
       coalesce(v.applicants_created, 0) AS applicants_created,
       coalesce(v.internal_transfers, 0) AS internal_transfers,
       coalesce(v.app_records, 0) AS app_records,
       coalesce(v.app_failed, 0) AS app_failed,
       coalesce(v.manual_hires, 0) AS manual_hires
FROM (SELECT deanery_code FROM deanery UNION ALL SELECT 'ALL') d
CROSS JOIN report_quarter q
LEFT JOIN exchange_volume_by_quarter v USING (deanery_code, quarter);
COMMENT ON VIEW report_volume IS 'exchange_volume_by_quarter (the one definition of the volumes, domain 10.5 expected_volume) for every deanery and ALL over every quarter of report_quarter, zeros where nothing was counted: applicants created, internal transfers and failures by quarter of the APC file date; APP records by quarter of the APP file date; manual hires by the quarter they were keyed in.';
COMMENT ON COLUMN report_volume.deanery_code IS 'Deanery, or ALL for England and Wales.';
COMMENT ON COLUMN report_volume.quarter IS 'Quarter, YYYYQn.';
COMMENT ON COLUMN report_volume.applicants_created IS 'APC records SUCCESS with application type NEW: applicants created through the recruitment exchange.';
COMMENT ON COLUMN report_volume.internal_transfers IS 'APC records SUCCESS with application type TRANSFER: existing assignments moved to the new post.';
COMMENT ON COLUMN report_volume.app_records IS 'Records of the APP files dated in the quarter, re-sends and quarantined files included, a redelivered file once.';
COMMENT ON COLUMN report_volume.app_failed IS 'APC records FAIL: rejections of APP records.';
COMMENT ON COLUMN report_volume.manual_hires IS 'Hires and internal transfers keyed by hand (exchange_manual_hire), by quarter keyed.';

CREATE OR REPLACE VIEW report_rejection AS
SELECT deanery_code, quarter, source, reason_code, count
FROM exchange_rejections_by_quarter;
COMMENT ON VIEW report_rejection IS 'exchange_rejections_by_quarter (the one definition of the failures, domain 10.5 expected_rejections, 5.11), with national rows (ALL): APC FAIL and DCC FAIL records by quarter of their file date, person records of applied RMC/RMF files rejected UNKNOWN_PERSON, and interface files rejected whole (counted once however often delivered; not when later loaded under the same name).';
COMMENT ON COLUMN report_rejection.deanery_code IS 'Deanery, or ALL.';
COMMENT ON COLUMN report_rejection.quarter IS 'Quarter of the file date.';
COMMENT ON COLUMN report_rejection.source IS 'APC (an APP record refused), DCC (a notification refused), UPDATE_APPLY (a person record the deanery could not apply) or FILE (a file rejected whole).';
COMMENT ON COLUMN report_rejection.reason_code IS 'The reason code (ALREADY_HIRED, DPN_UNKNOWN, UNKNOWN_PERSON, COUNT_MISMATCH, ...).';
COMMENT ON COLUMN report_rejection.count IS 'Records (files for FILE) rejected.';

CREATE OR REPLACE VIEW report_app_first_send AS
SELECT deanery_code, placement_id, first_app_file, first_app_date, start_date_sent, notice_days, compliant
FROM exchange_placement_notice
WHERE first_app_file IS NOT NULL;
COMMENT ON VIEW report_app_first_send IS 'Notice per placement (domain 5.5, 5.11 "Notice basis") as exchange_placement_notice defines it, for the placements in notice scope that were sent: the start date carried by the first APP file, not quarantined (exchange_app_file), that carried the placement, minus that file''s date. Placements in scope absent here were not sent.';
COMMENT ON COLUMN report_app_first_send.deanery_code IS 'The deanery.';
COMMENT ON COLUMN report_app_first_send.placement_id IS 'The placement (deaneryPlacementId).';
COMMENT ON COLUMN report_app_first_send.first_app_file IS 'The first APP file, not quarantined, that carried it.';
COMMENT ON COLUMN report_app_first_send.first_app_date IS 'Its file date.';
COMMENT ON COLUMN report_app_first_send.start_date_sent IS 'The start date (projectedHireDate) that file carried.';
COMMENT ON COLUMN report_app_first_send.notice_days IS 'Notice in days: start_date_sent - first_app_date.';
COMMENT ON COLUMN report_app_first_send.compliant IS 'True at 84 days or more (the 12-week rule).';

CREATE OR REPLACE VIEW report_notice AS
SELECT d.deanery_code, q.quarter,
       coalesce(n.placements_measured, 0) AS placements_measured,
       coalesce(n.compliant, 0) AS compliant,
       coalesce(n.not_sent, 0) AS not_sent,
       round(n.compliant / nullif(n.placements_measured, 0), 4) AS compliance_rate
FROM (SELECT deanery_code FROM deanery UNION ALL SELECT 'ALL') d
CROSS JOIN report_quarter q
LEFT JOIN exchange_notice_by_quarter n USING (deanery_code, quarter);
COMMENT ON VIEW report_notice IS 'exchange_notice_by_quarter (the one definition of notice compliance, domain 5.5, 10.5 expected_notice) for every deanery and ALL over every quarter of report_quarter, zeros where nothing was counted (quarters before the first interface file included), with the compliance rate. Scope: placements approved, not withdrawn, of a type sent to ESR, as the deanery system holds them now, by quarter of their latest start date.';
COMMENT ON COLUMN report_notice.deanery_code IS 'Deanery, or ALL.';
COMMENT ON COLUMN report_notice.quarter IS 'Quarter of the placement start date.';
COMMENT ON COLUMN report_notice.placements_measured IS 'Placements in scope with a notice value (sent at least once in a file not quarantined).';
COMMENT ON COLUMN report_notice.compliant IS 'Of those, the ones given at least 84 days'' notice (12 weeks).';
COMMENT ON COLUMN report_notice.not_sent IS 'Placements in scope never carried by an APP file that was not quarantined: no notice value.';
COMMENT ON COLUMN report_notice.compliance_rate IS 'compliant / placements_measured, four decimals; empty when none measured.';
