-- Reports (domain 9 and the quarterly report): every figure a chart, page or
-- CSV shows is read from one of these views, so that each is computed once,
-- here. Quarters are text `YYYYQn`; `ALL` marks a national or whole-period row.
-- The savings rate is the session variable report_rate_gbp (SET VARIABLE
-- report_rate_gbp = 2.44), £2.44 when unset.

CREATE MACRO report_quarter_of(d) AS CAST(year(d) AS VARCHAR) || 'Q' || CAST(quarter(d) AS VARCHAR);
CREATE MACRO report_quarter_end(q) AS
    CAST(make_date(CAST(left(q, 4) AS INTEGER), CAST(right(q, 1) AS INTEGER) * 3, 1) + INTERVAL 1 MONTH - INTERVAL 1 DAY AS DATE);

CREATE VIEW report_period AS
SELECT min(file_date) AS data_from, max(file_date) AS data_to,
       '2010Q1' AS first_quarter, report_quarter_of(max(file_date)) AS last_quarter
FROM source_file
WHERE file_kind = 'INTERFACE' AND status = 'LOADED' AND file_date IS NOT NULL;
COMMENT ON VIEW report_period IS 'The period the warehouse''s data covers: from the first to the last file date of a loaded interface file. Reports run from 2010Q1 to the quarter of the last file date; the data''s end bounds live days in the savings.';
COMMENT ON COLUMN report_period.data_from IS 'File date of the first loaded interface file.';
COMMENT ON COLUMN report_period.data_to IS 'File date of the last loaded interface file: the data''s end.';
COMMENT ON COLUMN report_period.first_quarter IS 'First quarter reported: 2010Q1, when the interfaces'' volumes start (seed page).';
COMMENT ON COLUMN report_period.last_quarter IS 'Latest quarter reported: the quarter of data_to.';

CREATE VIEW report_quarter AS
SELECT report_quarter_of(d) AS quarter, CAST(d AS DATE) AS quarter_start,
       report_quarter_end(report_quarter_of(d)) AS quarter_end
FROM report_period p, generate_series(DATE '2010-01-01', p.data_to, INTERVAL 3 MONTH) g(d)
WHERE p.data_to IS NOT NULL;
COMMENT ON VIEW report_quarter IS 'Every quarter reported, 2010Q1 to the latest quarter of the data (report_period).';
COMMENT ON COLUMN report_quarter.quarter IS 'Quarter, YYYYQn.';
COMMENT ON COLUMN report_quarter.quarter_start IS 'First day of the quarter.';
COMMENT ON COLUMN report_quarter.quarter_end IS 'Last day of the quarter.';

CREATE VIEW report_apc AS
SELECT f.deanery_code, f.file_date AS apc_file_date, report_quarter_of(f.file_date) AS quarter,
       r.file_name AS apc_file_name, r.app_file_name, r.esr_vacancy_id, r.position_id,
       r.load_status_code, split_part(r.message_text, ':', 1) AS reason_code,
       r.application_type, r.assignment_id, a.deanery_placement_id AS placement_id
FROM apc_record r
JOIN source_file f ON f.file_name = r.file_name AND f.status = 'LOADED'
LEFT JOIN app_record a ON a.file_name = r.app_file_name AND a.ordinal = r.esr_vacancy_id;
COMMENT ON VIEW report_apc IS 'Every APC record of a loaded APC file (replays counted once), dated by the APC file date, with the placement of the APP record it answers.';
COMMENT ON COLUMN report_apc.deanery_code IS 'Deanery of the APC file.';
COMMENT ON COLUMN report_apc.apc_file_date IS 'Date in the APC file name.';
COMMENT ON COLUMN report_apc.quarter IS 'Quarter of the APC file date.';
COMMENT ON COLUMN report_apc.apc_file_name IS 'The APC file.';
COMMENT ON COLUMN report_apc.app_file_name IS 'The APP file answered.';
COMMENT ON COLUMN report_apc.esr_vacancy_id IS 'Ordinal of the APP record answered.';
COMMENT ON COLUMN report_apc.position_id IS 'ESR position of the record.';
COMMENT ON COLUMN report_apc.load_status_code IS 'SUCCESS or FAIL.';
COMMENT ON COLUMN report_apc.reason_code IS 'Reason code opening ESR''s message (OK, ALREADY_HIRED, ...).';
COMMENT ON COLUMN report_apc.application_type IS 'NEW (applicant created) or TRANSFER (internal transfer); empty on FAIL.';
COMMENT ON COLUMN report_apc.assignment_id IS 'Assignment id ESR returned on a success.';
COMMENT ON COLUMN report_apc.placement_id IS 'The deanery placement of the APP record answered (deaneryPlacementId); empty when that APP file is not in the warehouse.';

CREATE VIEW report_manual_hire AS
WITH period AS (
    SELECT s.*, f.file_date
    FROM stf_record s JOIN source_file f ON f.file_name = s.file_name AND f.status = 'LOADED'
    QUALIFY row_number() OVER (PARTITION BY s.assignment_id, s.period_seq ORDER BY f.file_date DESC, s.file_name DESC, s.line_number DESC) = 1
)
SELECT t.deanery_code, t.trust_code, p.employing_org_vpd_code AS vpd_code,
       p.assignment_id, p.period_seq, p.position_id, upper(trim(p.deanery_number)) AS dpn,
       p.start_date, report_quarter_of(p.start_date) AS quarter, p.assignment_status, p.period_seq > 1 AS internal_transfer
FROM period p
JOIN trust t ON t.vpd_code = p.employing_org_vpd_code
WHERE coalesce(trim(p.deanery_number), '') <> ''
  AND p.start_date >= DATE '2010-01-01'
  AND NOT EXISTS (
      SELECT 1 FROM report_apc a
      WHERE a.load_status_code = 'SUCCESS' AND a.assignment_id = p.assignment_id AND a.position_id = p.position_id);
COMMENT ON VIEW report_manual_hire IS 'Manual (pre-interface or fallback) hires as ESR''s staff extracts show them: each assignment period (assignment id, period number; latest STF row of it) on a training position (a DPN present) at a trust of the deanery, starting on or after 2010-01-01, whose assignment and position were never confirmed together by an APC SUCCESS (NEW or TRANSFER). A period that an APC success created carries the assignment id ESR returned and the position sent, so what is left was keyed by hand. Dated by the period start: the STF does not carry the day the trust keyed it, which is up to 60 days earlier (domain 5.4). Periods on positions without a DPN (non-trainees, and manual hires onto unreconciled positions) cannot be told apart and are left out.';
COMMENT ON COLUMN report_manual_hire.deanery_code IS 'Deanery of the employing trust.';
COMMENT ON COLUMN report_manual_hire.trust_code IS 'Employing trust (from the period''s VPD).';
COMMENT ON COLUMN report_manual_hire.vpd_code IS 'VPD of the employing trust.';
COMMENT ON COLUMN report_manual_hire.assignment_id IS 'ESR assignment id.';
COMMENT ON COLUMN report_manual_hire.period_seq IS 'Period number of the assignment (1 = hire, more = internal transfer).';
COMMENT ON COLUMN report_manual_hire.position_id IS 'ESR position of the period.';
COMMENT ON COLUMN report_manual_hire.dpn IS 'DPN the position carries.';
COMMENT ON COLUMN report_manual_hire.start_date IS 'Start of the period.';
COMMENT ON COLUMN report_manual_hire.quarter IS 'Quarter of the period start.';
COMMENT ON COLUMN report_manual_hire.assignment_status IS 'ACTIVE, ENDED or CANCELLED as last extracted.';
COMMENT ON COLUMN report_manual_hire.internal_transfer IS 'True for a manual internal transfer (a later period of an existing assignment).';

CREATE VIEW report_volume AS
WITH apc AS (
    SELECT deanery_code, quarter,
           count(*) FILTER (WHERE load_status_code = 'SUCCESS' AND application_type = 'NEW') AS applicants_created,
           count(*) FILTER (WHERE load_status_code = 'SUCCESS' AND application_type = 'TRANSFER') AS internal_transfers,
           count(*) FILTER (WHERE load_status_code = 'FAIL') AS app_failed
    FROM report_apc GROUP BY ALL
), app AS (
    SELECT f.deanery_code, report_quarter_of(f.file_date) AS quarter, count(*) AS app_records
    FROM app_record r JOIN source_file f ON f.file_name = r.file_name AND f.status = 'LOADED'
    GROUP BY ALL
), manual AS (
    SELECT deanery_code, quarter, count(*) AS manual_hires FROM report_manual_hire GROUP BY ALL
), base AS (
    SELECT d.deanery_code, q.quarter,
           coalesce(apc.applicants_created, 0) AS applicants_created,
           coalesce(apc.internal_transfers, 0) AS internal_transfers,
           coalesce(app.app_records, 0) AS app_records,
           coalesce(apc.app_failed, 0) AS app_failed,
           coalesce(manual.manual_hires, 0) AS manual_hires
    FROM deanery d CROSS JOIN report_quarter q
    LEFT JOIN apc USING (deanery_code, quarter)
    LEFT JOIN app USING (deanery_code, quarter)
    LEFT JOIN manual USING (deanery_code, quarter)
)
SELECT * FROM base
UNION ALL
SELECT 'ALL', quarter, sum(applicants_created), sum(internal_transfers), sum(app_records), sum(app_failed), sum(manual_hires)
FROM base GROUP BY quarter;
COMMENT ON VIEW report_volume IS 'Volumes per deanery and quarter, 2010Q1 to the latest quarter (domain 10.5 expected_volume), with national rows (ALL): applicants created, internal transfers and failures by quarter of the APC file date; APP records by quarter of the APP file date; manual hires by quarter of the period start (report_manual_hire).';
COMMENT ON COLUMN report_volume.deanery_code IS 'Deanery, or ALL for England and Wales.';
COMMENT ON COLUMN report_volume.quarter IS 'Quarter, YYYYQn.';
COMMENT ON COLUMN report_volume.applicants_created IS 'APC records SUCCESS with application type NEW: applicants created through the recruitment exchange.';
COMMENT ON COLUMN report_volume.internal_transfers IS 'APC records SUCCESS with application type TRANSFER: existing assignments moved to the new post.';
COMMENT ON COLUMN report_volume.app_records IS 'APP records sent (every record of a loaded APP file, re-sends included).';
COMMENT ON COLUMN report_volume.app_failed IS 'APC records FAIL: rejections of APP records.';
COMMENT ON COLUMN report_volume.manual_hires IS 'Hires keyed by hand, as report_manual_hire defines them.';

CREATE VIEW report_rejection AS
WITH r AS (
    SELECT deanery_code, quarter, 'APC' AS source, reason_code, count(*) AS count
    FROM report_apc WHERE load_status_code = 'FAIL' GROUP BY ALL
    UNION ALL
    SELECT f.deanery_code, report_quarter_of(f.file_date), 'DCC', split_part(d.message_text, ':', 1), count(*)
    FROM dcc_record d JOIN source_file f ON f.file_name = d.file_name AND f.status = 'LOADED'
    WHERE d.load_status_code = 'FAIL' GROUP BY ALL
    UNION ALL
    SELECT o.deanery_code, report_quarter_of(f.file_date), 'UPDATE_APPLY', o.reason_code, count(*)
    FROM person_record_outcome o JOIN source_file f ON f.file_name = o.file_name AND f.status = 'LOADED'
    WHERE o.outcome = 'REJECTED' GROUP BY ALL
    UNION ALL
    SELECT deanery_code, report_quarter_of(file_date), 'FILE', reason_code, count(*)
    FROM source_file WHERE file_kind = 'INTERFACE' AND status = 'REJECTED' AND file_date IS NOT NULL GROUP BY ALL
)
SELECT * FROM r
UNION ALL
SELECT 'ALL', quarter, source, reason_code, sum(count) FROM r GROUP BY ALL;
COMMENT ON VIEW report_rejection IS 'Rejections per deanery, quarter, source and reason (domain 10.5 expected_rejections), with national rows (ALL): APC FAIL records and DCC FAIL records by quarter of their file date, person records of RMC/RMF files rejected on apply, and interface files rejected whole.';
COMMENT ON COLUMN report_rejection.deanery_code IS 'Deanery, or ALL.';
COMMENT ON COLUMN report_rejection.quarter IS 'Quarter of the file date.';
COMMENT ON COLUMN report_rejection.source IS 'APC (an APP record refused), DCC (a notification refused), UPDATE_APPLY (a person record the deanery could not apply) or FILE (a file rejected whole).';
COMMENT ON COLUMN report_rejection.reason_code IS 'The reason code (ALREADY_HIRED, DPN_UNKNOWN, UNKNOWN_PERSON, COUNT_MISMATCH, ...).';
COMMENT ON COLUMN report_rejection.count IS 'Records (files for FILE) rejected.';

CREATE VIEW report_app_first_send AS
WITH app AS (
    SELECT f.deanery_code, f.file_date, r.file_name, r.deanery_placement_id AS placement_id, r.projected_hire_date
    FROM app_record r JOIN source_file f ON f.file_name = r.file_name AND f.status = 'LOADED'
), answered AS (
    SELECT DISTINCT app_file_name FROM report_apc
)
SELECT app.deanery_code, app.placement_id,
       arg_min(app.file_name, (app.file_date, app.file_name)) AS first_app_file,
       min(app.file_date) AS first_app_date,
       arg_min(app.projected_hire_date, (app.file_date, app.file_name)) AS start_date_sent,
       datediff('day', min(app.file_date), arg_min(app.projected_hire_date, (app.file_date, app.file_name))) AS notice_days,
       datediff('day', min(app.file_date), arg_min(app.projected_hire_date, (app.file_date, app.file_name))) >= 84 AS compliant
FROM app
LEFT JOIN answered a ON a.app_file_name = app.file_name
, report_period p
WHERE a.app_file_name IS NOT NULL OR app.file_date >= p.data_to
GROUP BY ALL;
COMMENT ON VIEW report_app_first_send IS 'Notice per placement (domain 5.5) from the APP files as delivered to the warehouse: the start date carried by the first APP file that carried the placement and was not quarantined, minus that file''s date. A file is taken as quarantined when no APC record answers it although later files came (ESR sends no APC at all for a quarantined file); a file of the data''s last day still counts. Placements absent here were never sent.';
COMMENT ON COLUMN report_app_first_send.deanery_code IS 'The deanery.';
COMMENT ON COLUMN report_app_first_send.placement_id IS 'The placement (deaneryPlacementId).';
COMMENT ON COLUMN report_app_first_send.first_app_file IS 'The first APP file, not quarantined, that carried it.';
COMMENT ON COLUMN report_app_first_send.first_app_date IS 'Its file date.';
COMMENT ON COLUMN report_app_first_send.start_date_sent IS 'The start date (projectedHireDate) that file carried.';
COMMENT ON COLUMN report_app_first_send.notice_days IS 'Notice in days: start_date_sent - first_app_date.';
COMMENT ON COLUMN report_app_first_send.compliant IS 'True at 84 days or more (the 12-week rule).';

CREATE VIEW report_notice AS
WITH scope AS (
    SELECT p.deanery_code, report_quarter_of(p.start_date) AS quarter, n.notice_days, n.compliant
    FROM placement p
    LEFT JOIN report_app_first_send n USING (deanery_code, placement_id)
    WHERE p.lifecycle_state = 'APPROVED' AND NOT coalesce(p.withdrawn, false) AND sent_type(p.placement_type)
), base AS (
    SELECT d.deanery_code, q.quarter,
           count(s.quarter) FILTER (WHERE s.notice_days IS NOT NULL) AS placements_measured,
           count(s.quarter) FILTER (WHERE s.compliant) AS compliant,
           count(s.quarter) FILTER (WHERE s.notice_days IS NULL) AS not_sent
    FROM deanery d CROSS JOIN report_quarter q
    LEFT JOIN scope s USING (deanery_code, quarter)
    GROUP BY ALL
)
SELECT *, round(compliant / nullif(placements_measured, 0), 4) AS compliance_rate FROM base
UNION ALL
SELECT 'ALL', quarter, sum(placements_measured), sum(compliant), sum(not_sent),
       round(sum(compliant) / nullif(sum(placements_measured), 0), 4)
FROM base GROUP BY quarter;
COMMENT ON VIEW report_notice IS 'Notice compliance (domain 5.5; 10.5 expected_notice) per deanery and quarter of start date, with national rows (ALL). Scope: placements approved, not withdrawn, of a type sent to ESR, as the deanery system holds them now; notice from report_app_first_send.';
COMMENT ON COLUMN report_notice.deanery_code IS 'Deanery, or ALL.';
COMMENT ON COLUMN report_notice.quarter IS 'Quarter of the placement start date.';
COMMENT ON COLUMN report_notice.placements_measured IS 'Placements in scope with a notice value (sent at least once in a file not quarantined).';
COMMENT ON COLUMN report_notice.compliant IS 'Of those, the ones given at least 84 days'' notice (12 weeks).';
COMMENT ON COLUMN report_notice.not_sent IS 'Placements in scope never sent: no notice value.';
COMMENT ON COLUMN report_notice.compliance_rate IS 'compliant / placements_measured, four decimals; empty when none measured.';

CREATE VIEW report_adoption AS
WITH base AS (
    SELECT t.deanery_code, q.quarter, q.quarter_end,
           count(*) AS trusts,
           count(*) FILTER (WHERE ip.recruitment_live_from <= q.quarter_end) AS live_trusts,
           count(*) FILTER (WHERE ip.full_records_from <= q.quarter_end) AS full_records_trusts,
           count(*) FILTER (WHERE ip.recruitment_live_from BETWEEN q.quarter_start AND q.quarter_end) AS went_live
    FROM trust t CROSS JOIN report_quarter q
    LEFT JOIN interface_pair ip ON ip.trust_code = t.trust_code
    GROUP BY ALL
)
SELECT deanery_code, quarter, trusts, live_trusts, full_records_trusts, went_live FROM base
UNION ALL
SELECT 'ALL', quarter, sum(trusts), sum(live_trusts), sum(full_records_trusts), sum(went_live) FROM base GROUP BY quarter;
COMMENT ON VIEW report_adoption IS 'Adoption (domain 5.10): organisations live on the recruitment interface per deanery at each quarter end, from interface_pair, with national rows (ALL).';
COMMENT ON COLUMN report_adoption.deanery_code IS 'Deanery, or ALL.';
COMMENT ON COLUMN report_adoption.quarter IS 'Quarter.';
COMMENT ON COLUMN report_adoption.trusts IS 'Trusts of the deanery (configuration).';
COMMENT ON COLUMN report_adoption.live_trusts IS 'Trusts whose recruitment go-live date is on or before the quarter end.';
COMMENT ON COLUMN report_adoption.full_records_trusts IS 'Trusts on Full Records (person changes flow back) by the quarter end.';
COMMENT ON COLUMN report_adoption.went_live IS 'Trusts that went live during the quarter.';

CREATE VIEW report_application AS
SELECT placement_id, position_id,
       arg_min(deanery_code, (apc_file_date, apc_file_name)) AS deanery_code,
       min(apc_file_date) AS apc_file_date,
       arg_min(application_type, (apc_file_date, apc_file_name)) AS application_type
FROM report_apc
WHERE load_status_code = 'SUCCESS' AND application_type IN ('NEW', 'TRANSFER') AND placement_id IS NOT NULL
GROUP BY placement_id, position_id;
COMMENT ON VIEW report_application IS 'Applications for the savings (domain 9): each (placement, position) pair with an APC SUCCESS of type NEW or TRANSFER, once, dated by the APC file date of its first success.';
COMMENT ON COLUMN report_application.placement_id IS 'The deanery placement.';
COMMENT ON COLUMN report_application.position_id IS 'The ESR position.';
COMMENT ON COLUMN report_application.deanery_code IS 'Deanery of the APC file.';
COMMENT ON COLUMN report_application.apc_file_date IS 'File date of the first APC SUCCESS for the pair.';
COMMENT ON COLUMN report_application.application_type IS 'NEW or TRANSFER, of that first success.';

CREATE VIEW report_savings AS
WITH years AS (
    SELECT y AS year, make_date(y, 1, 1) AS y_start, make_date(y, 12, 31) AS y_end,
           datediff('day', make_date(y, 1, 1), make_date(y + 1, 1, 1)) AS days_in_year, p.data_to
    FROM report_period p, range(2010, year(p.data_to) + 1) r(y)
), org AS (
    SELECT y.year, ip.deanery_code, ip.trust_code,
           greatest(0, datediff('day', greatest(ip.recruitment_live_from, y.y_start), least(y.y_end, y.data_to)) + 1) / y.days_in_year AS org_years
    FROM years y JOIN interface_pair ip ON ip.recruitment_live_from IS NOT NULL
), app AS (
    SELECT year(a.apc_file_date) AS year, a.deanery_code, coalesce(t.trust_code, 'UNKNOWN') AS trust_code, count(*) AS applications
    FROM report_application a
    LEFT JOIN (SELECT position_id, any_value(vpd_code) AS vpd_code FROM esr_position GROUP BY position_id) ep USING (position_id)
    LEFT JOIN trust t ON t.vpd_code = ep.vpd_code
    GROUP BY ALL
), cells AS (
    SELECT coalesce(o.year, a.year) AS year, coalesce(o.deanery_code, a.deanery_code) AS deanery_code,
           coalesce(o.trust_code, a.trust_code) AS trust_code,
           coalesce(a.applications, 0) AS applications, coalesce(o.org_years, 0) AS org_years
    FROM org o FULL JOIN app a USING (year, deanery_code, trust_code)
), grouped AS (
    SELECT CASE WHEN grouping(year) = 1 THEN 'ALL' ELSE CAST(year AS VARCHAR) END AS year,
           CASE WHEN grouping(deanery_code) = 1 THEN 'ALL' ELSE deanery_code END AS deanery_code,
           CASE WHEN grouping(trust_code) = 1 THEN 'ALL' ELSE trust_code END AS trust_code,
           sum(applications) AS applications, sum(org_years) AS org_years
    FROM cells
    GROUP BY GROUPING SETS ((year), (year, deanery_code), (year, deanery_code, trust_code), (), (deanery_code), (deanery_code, trust_code))
), rate AS (
    SELECT CAST(coalesce(getvariable('report_rate_gbp'), 2.44) AS DECIMAL(10, 2)) AS rate_gbp
)
SELECT g.year, g.deanery_code, g.trust_code,
       CASE WHEN g.year = 'ALL' THEN (SELECT make_date(2010, 1, 1) FROM report_period) ELSE make_date(CAST(g.year AS INTEGER), 1, 1) END AS period_from,
       CASE WHEN g.year = 'ALL' THEN (SELECT data_to FROM report_period)
            ELSE least(make_date(CAST(g.year AS INTEGER), 12, 31), (SELECT data_to FROM report_period)) END AS period_to,
       g.applications, round(g.org_years, 4) AS organisation_years, r.rate_gbp,
       round(g.applications * r.rate_gbp, 2) AS saving_gbp,
       round(round(g.applications * r.rate_gbp, 2) / nullif(g.org_years, 0), 2) AS per_org_year_gbp,
       round(g.applications / nullif(g.org_years, 0), 1) AS applications_per_org_year,
       1020 AS published_per_org_year_gbp,
       418 AS published_applications_per_org_year
FROM grouped g, rate r;
COMMENT ON VIEW report_savings IS 'Savings estimate (domain 9) per year (ALL = the whole period), deanery (ALL = England and Wales) and trust (ALL = the deanery): applications (report_application; an application belongs to the trust of its position''s VPD, its deanery is that of the APC file) times the rate; organisation-years = Σ over trusts of days live for recruitment in the year, counted up to the data''s end, / days in the year; the result per organisation-year beside the published £1,020 (= 418 applications × £2.44). The rate is the session variable report_rate_gbp, £2.44 when unset.';
COMMENT ON COLUMN report_savings.year IS 'Calendar year of the APC file date, or ALL for 2010 to the data''s end.';
COMMENT ON COLUMN report_savings.deanery_code IS 'Deanery, or ALL.';
COMMENT ON COLUMN report_savings.trust_code IS 'Trust, or ALL for the whole deanery (UNKNOWN when the position''s VPD is not known).';
COMMENT ON COLUMN report_savings.period_from IS 'First day of the period.';
COMMENT ON COLUMN report_savings.period_to IS 'Last day of the period (the data''s end in the last year).';
COMMENT ON COLUMN report_savings.applications IS 'Applications: distinct (placement, position) pairs with an APC SUCCESS NEW or TRANSFER first answered in the period.';
COMMENT ON COLUMN report_savings.organisation_years IS 'Σ over trusts of live days in the period / days in the year, four decimals.';
COMMENT ON COLUMN report_savings.rate_gbp IS 'Saving per application in pounds (default 2.44).';
COMMENT ON COLUMN report_savings.saving_gbp IS 'applications × rate_gbp, pounds.';
COMMENT ON COLUMN report_savings.per_org_year_gbp IS 'saving_gbp / organisation_years: the average saving per organisation per year, to set beside the published £1,020.';
COMMENT ON COLUMN report_savings.applications_per_org_year IS 'applications / organisation_years, to set beside the published 418.';
COMMENT ON COLUMN report_savings.published_per_org_year_gbp IS 'The published average saving per organisation per year (£1,020, seed page).';
COMMENT ON COLUMN report_savings.published_applications_per_org_year IS 'Applications per organisation per year the published figure implies (1,020 / 2.44 ≈ 418).';

CREATE VIEW report_post_reconciliation AS
WITH r AS (
    SELECT pr.deanery_code, pr.trust_code,
           CASE WHEN pr.recruitment_live_from IS NULL OR pr.recruitment_live_from > p.data_to THEN 'NOT_LIVE'
                WHEN pr.live_positions = 1 THEN 'RECONCILED'
                WHEN pr.live_positions = 0 THEN 'MISSING_IN_ESR'
                ELSE 'DUPLICATE_DPN' END AS state
    FROM post_reconciliation pr, report_period p
), base AS (
    SELECT deanery_code, trust_code, count(*) AS roles,
           count(*) FILTER (WHERE state = 'RECONCILED') AS reconciled,
           count(*) FILTER (WHERE state = 'MISSING_IN_ESR') AS missing_in_esr,
           count(*) FILTER (WHERE state = 'DUPLICATE_DPN') AS duplicate_dpn,
           count(*) FILTER (WHERE state = 'NOT_LIVE') AS not_live
    FROM r GROUP BY ALL
)
SELECT *, round(reconciled / nullif(roles - not_live, 0), 4) AS reconciled_rate FROM base
UNION ALL
SELECT deanery_code, 'ALL', sum(roles), sum(reconciled), sum(missing_in_esr), sum(duplicate_dpn), sum(not_live),
       round(sum(reconciled) / nullif(sum(roles) - sum(not_live), 0), 4)
FROM base GROUP BY deanery_code
UNION ALL
SELECT 'ALL', 'ALL', sum(roles), sum(reconciled), sum(missing_in_esr), sum(duplicate_dpn), sum(not_live),
       round(sum(reconciled) / nullif(sum(roles) - sum(not_live), 0), 4)
FROM base;
COMMENT ON VIEW report_post_reconciliation IS 'Post reconciliation at the data''s end (post_reconciliation, domain 5.2 condition 3): roles of current posts per deanery and trust by state, with deanery (trust ALL) and national (ALL, ALL) rows.';
COMMENT ON COLUMN report_post_reconciliation.deanery_code IS 'Deanery, or ALL.';
COMMENT ON COLUMN report_post_reconciliation.trust_code IS 'The role''s trust, or ALL.';
COMMENT ON COLUMN report_post_reconciliation.roles IS 'Roles (lead or host) of current posts.';
COMMENT ON COLUMN report_post_reconciliation.reconciled IS 'Roles at a live trust with exactly one live position carrying the DPN at the trust''s VPD.';
COMMENT ON COLUMN report_post_reconciliation.missing_in_esr IS 'Roles at a live trust with no such position.';
COMMENT ON COLUMN report_post_reconciliation.duplicate_dpn IS 'Roles at a live trust with two or more such positions.';
COMMENT ON COLUMN report_post_reconciliation.not_live IS 'Roles at a trust not live for recruitment by the data''s end (not assessed).';
COMMENT ON COLUMN report_post_reconciliation.reconciled_rate IS 'reconciled / assessed roles (roles - not_live), four decimals.';

CREATE VIEW report_data_quality AS
WITH fq AS (
    SELECT file_name, any_value(deanery_code) AS deanery_code,
           any_value(coalesce(report_quarter_of(file_date), quarter)) AS quarter
    FROM source_file GROUP BY file_name
), r AS (
    SELECT fq.deanery_code, fq.quarter, 'VALUE_FLAG' AS check_kind, v.record_type, v.flag_code AS code, count(*) AS count
    FROM value_flag v JOIN fq USING (file_name) GROUP BY ALL
    UNION ALL
    SELECT fq.deanery_code, fq.quarter, 'REJECTED_RECORD', r.record_type, r.reason_code, count(*)
    FROM rejected_record r JOIN fq USING (file_name) GROUP BY ALL
    UNION ALL
    SELECT g.deanery_code, fq.quarter, 'SEQUENCE_GAP', g.file_type, 'SEQUENCE_GAP', count(*)
    FROM sequence_gap g JOIN fq ON fq.file_name = g.found_in_file GROUP BY ALL
    UNION ALL
    SELECT deanery_code, coalesce(report_quarter_of(file_date), quarter), 'FILE', file_type, coalesce(reason_code, status), count(*)
    FROM source_file WHERE status IN ('REJECTED', 'REPLAY') GROUP BY ALL
)
SELECT * FROM r WHERE quarter IS NOT NULL;
COMMENT ON VIEW report_data_quality IS 'Data-quality findings of the loads per deanery and quarter of the file: values kept but flagged, records rejected, sequence gaps, and files rejected whole or delivered again (replays). No value is shown, only counts.';
COMMENT ON COLUMN report_data_quality.deanery_code IS 'Deanery of the file.';
COMMENT ON COLUMN report_data_quality.quarter IS 'Quarter of the file date (of the extract for extracts).';
COMMENT ON COLUMN report_data_quality.check_kind IS 'VALUE_FLAG, REJECTED_RECORD, SEQUENCE_GAP or FILE.';
COMMENT ON COLUMN report_data_quality.record_type IS 'Record type, extract entity or file type concerned.';
COMMENT ON COLUMN report_data_quality.code IS 'Flag, reason or status code (NINO_INVALID, FIELD_COUNT, REPLAY, ...).';
COMMENT ON COLUMN report_data_quality.count IS 'Values, records or files.';

CREATE VIEW report_exchange_as_of AS
SELECT deanery_code, file_type, count(*) AS files, max(file_date) AS last_file_date,
       arg_max(file_name, (file_date, sequence_number)) AS last_file_name, max(loaded_at) AS last_loaded_at
FROM source_file
WHERE file_kind = 'INTERFACE' AND status = 'LOADED'
GROUP BY ALL;
COMMENT ON VIEW report_exchange_as_of IS 'How current each exchange is: per deanery and file type, the loaded files and the date of the latest.';
COMMENT ON COLUMN report_exchange_as_of.deanery_code IS 'Deanery.';
COMMENT ON COLUMN report_exchange_as_of.file_type IS 'APP, APC, DNC, DNF, DCC, RMC, RMF or STF.';
COMMENT ON COLUMN report_exchange_as_of.files IS 'Files loaded.';
COMMENT ON COLUMN report_exchange_as_of.last_file_date IS 'File date of the latest: the exchange is as of that day.';
COMMENT ON COLUMN report_exchange_as_of.last_file_name IS 'The latest file.';
COMMENT ON COLUMN report_exchange_as_of.last_loaded_at IS 'When the latest load of the stream committed (UTC).';

CREATE VIEW report_fix_item AS
WITH last_answer AS (
    SELECT a.deanery_code, a.placement_id, a.position_id, a.load_status_code, a.reason_code,
           r.deanery_number AS dpn, r.projected_hire_date AS start_date
    FROM report_apc a
    JOIN app_record r ON r.file_name = a.app_file_name AND r.ordinal = a.esr_vacancy_id
    QUALIFY row_number() OVER (PARTITION BY a.placement_id, a.position_id ORDER BY a.apc_file_date DESC, a.apc_file_name DESC, a.esr_vacancy_id DESC) = 1
)
SELECT s.deanery_code, coalesce(pe.trust_code, t2.trust_code) AS trust_code, report_quarter_of(s.start_date) AS quarter, 'APP_FAILED' AS kind,
       s.placement_id, pl.trainee_id, t.surname, t.forenames, s.dpn, s.position_id,
       s.reason_code AS reason,
       CASE WHEN s.reason_code = 'ALREADY_HIRED' THEN 'Nothing to resend: the trust hired by hand first; check that hire matches the placement'
            WHEN s.reason_code IN ('POSITION_UNKNOWN', 'POSITION_DELETED', 'DPN_MISMATCH') THEN 'Reconcile the post with the trust''s ESR position (DPN)'
            ELSE 'Correct the record in the deanery system; the next run sends it again' END AS action
FROM last_answer s
LEFT JOIN placement pl ON pl.deanery_code = s.deanery_code AND pl.placement_id = s.placement_id
LEFT JOIN trainee t ON t.deanery_code = s.deanery_code AND t.trainee_id = pl.trainee_id
LEFT JOIN post_employer pe ON pe.deanery_code = s.deanery_code AND pe.post_id = pl.post_id AND pe.role = 'LEAD'
LEFT JOIN (SELECT position_id, any_value(ods_code) AS trust_code FROM esr_position GROUP BY position_id) t2 ON t2.position_id = s.position_id
WHERE s.load_status_code = 'FAIL'
UNION ALL
SELECT pr.deanery_code, pr.trust_code, report_quarter_of(p.data_to),
       CASE WHEN pr.live_positions = 0 THEN 'POST_MISSING_IN_ESR' ELSE 'DUPLICATE_DPN' END,
       NULL, NULL, NULL, NULL, pr.dpn, pr.position_id,
       pr.role || ' role: ' || pr.live_positions || ' live positions with the DPN at VPD ' || pr.vpd_code,
       CASE WHEN pr.live_positions = 0 THEN 'Create the position in ESR with this DPN, or correct the DPN of the existing one'
            ELSE 'Keep one live position with this DPN at the trust' END
FROM post_reconciliation pr, report_period p
WHERE pr.recruitment_live_from <= p.data_to AND pr.live_positions <> 1;
COMMENT ON VIEW report_fix_item IS 'Mismatches for a deanery to fix, one row each: APP records whose latest send of the (placement, position) failed (with the trainee''s name, for the deanery''s own dashboard only), and roles of current posts at live trusts that are missing in ESR or carry a duplicate DPN.';
COMMENT ON COLUMN report_fix_item.deanery_code IS 'Deanery.';
COMMENT ON COLUMN report_fix_item.trust_code IS 'Trust concerned (lead trust of the post for APP failures).';
COMMENT ON COLUMN report_fix_item.quarter IS 'Quarter of the placement start (APP failures) or of the data''s end (posts).';
COMMENT ON COLUMN report_fix_item.kind IS 'APP_FAILED, POST_MISSING_IN_ESR or DUPLICATE_DPN.';
COMMENT ON COLUMN report_fix_item.placement_id IS 'The placement, for APP failures.';
COMMENT ON COLUMN report_fix_item.trainee_id IS 'The trainee, for APP failures.';
COMMENT ON COLUMN report_fix_item.surname IS 'Trainee surname as the deanery system holds it (personal: dashboards of the trainee''s own deanery only).';
COMMENT ON COLUMN report_fix_item.forenames IS 'Trainee forenames as the deanery system holds them (personal: dashboards of the trainee''s own deanery only).';
COMMENT ON COLUMN report_fix_item.dpn IS 'The post''s DPN.';
COMMENT ON COLUMN report_fix_item.position_id IS 'ESR position concerned.';
COMMENT ON COLUMN report_fix_item.reason IS 'ESR''s reason code, or the reconciliation finding.';
COMMENT ON COLUMN report_fix_item.action IS 'What to do.';

CREATE VIEW report_volume_change AS
SELECT deanery_code, quarter, applicants_created,
       lag(applicants_created) OVER w AS applicants_previous_quarter,
       applicants_created - lag(applicants_created) OVER w AS applicants_change_on_previous_quarter,
       lag(applicants_created, 4) OVER w AS applicants_year_earlier,
       applicants_created - lag(applicants_created, 4) OVER w AS applicants_change_on_year_earlier,
       internal_transfers,
       lag(internal_transfers) OVER w AS transfers_previous_quarter,
       lag(internal_transfers, 4) OVER w AS transfers_year_earlier,
       manual_hires, app_failed
FROM report_volume
WINDOW w AS (PARTITION BY deanery_code ORDER BY quarter);
COMMENT ON VIEW report_volume_change IS 'report_volume with each deanery''s applicants and transfers beside the previous quarter and the same quarter a year earlier (empty before 2010Q2 and 2011Q1).';
COMMENT ON COLUMN report_volume_change.deanery_code IS 'Deanery, or ALL.';
COMMENT ON COLUMN report_volume_change.quarter IS 'Quarter.';
COMMENT ON COLUMN report_volume_change.applicants_created IS 'Applicants created in the quarter (report_volume).';
COMMENT ON COLUMN report_volume_change.applicants_previous_quarter IS 'Applicants created the quarter before.';
COMMENT ON COLUMN report_volume_change.applicants_change_on_previous_quarter IS 'applicants_created - applicants_previous_quarter.';
COMMENT ON COLUMN report_volume_change.applicants_year_earlier IS 'Applicants created in the same quarter a year earlier.';
COMMENT ON COLUMN report_volume_change.applicants_change_on_year_earlier IS 'applicants_created - applicants_year_earlier.';
COMMENT ON COLUMN report_volume_change.internal_transfers IS 'Internal transfers in the quarter (report_volume).';
COMMENT ON COLUMN report_volume_change.transfers_previous_quarter IS 'Internal transfers the quarter before.';
COMMENT ON COLUMN report_volume_change.transfers_year_earlier IS 'Internal transfers in the same quarter a year earlier.';
COMMENT ON COLUMN report_volume_change.manual_hires IS 'Manual hires in the quarter (report_volume).';
COMMENT ON COLUMN report_volume_change.app_failed IS 'APP records rejected (APC FAIL) in the quarter (report_volume).';
