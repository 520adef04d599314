-- Report views per trust, and the alignment figures the pages show (issue
-- 7: a deanery dashboard filters every chart by trust and quarter; the
-- quarterly report has a table and CSV of alignment per trust). Each
-- per-trust view counts with the same rules as the deanery figure it
-- breaks down, and carries that figure itself as the row of trust `ALL`,
-- read from the deanery view, so the trust rows add up to the figure shown
-- elsewhere (a test holds them to it). Records that name no known trust
-- count under trust `UNKNOWN`. The alignment views read the latest
-- finished quality run and round scores to four decimals, as the truth
-- writes them (domain 5.11 "expected_* conventions").

CREATE VIEW report_position_trust AS
WITH img AS (
    SELECT r.position_id,
           arg_max(lpad(trim(r.employing_org_vpd_code), 3, '0'), (f.file_date, r.file_name, r.line_number)) AS vpd_code,
           arg_max(upper(trim(r.ods_code)), (f.file_date, r.file_name, r.line_number)) AS ods_code
    FROM por_record r JOIN source_file f ON f.file_name = r.file_name AND f.status = 'LOADED'
    WHERE r.position_id IS NOT NULL
    GROUP BY r.position_id
)
SELECT i.position_id, i.vpd_code, coalesce(tv.trust_code, tod.trust_code) AS trust_code
FROM img i
LEFT JOIN trust tv ON tv.vpd_code = i.vpd_code
LEFT JOIN trust tod ON tod.trust_code = i.ods_code;
COMMENT ON VIEW report_position_trust IS 'The trust of each ESR position the deanery systems were told of (POR records of loaded RMC/RMF files): the trust whose VPD the position''s latest record carries, else the trust of its ODS code. An application, an APC answer or an APC failure belongs to the trust of its position (domain 9).';
COMMENT ON COLUMN report_position_trust.position_id IS 'ESR position id.';
COMMENT ON COLUMN report_position_trust.vpd_code IS 'VPD of the position''s employing organisation, three digits.';
COMMENT ON COLUMN report_position_trust.trust_code IS 'The trust; empty when neither the VPD nor the ODS code is a known trust.';

CREATE VIEW report_volume_trust AS
WITH apc AS (
    SELECT f.deanery_code, exchange_quarter_of(f.file_date) AS quarter, coalesce(pt.trust_code, 'UNKNOWN') AS trust_code,
           count(*) FILTER (WHERE a.load_status_code = 'SUCCESS' AND a.application_type = 'NEW') AS applicants_created,
           count(*) FILTER (WHERE a.load_status_code = 'SUCCESS' AND a.application_type = 'TRANSFER') AS internal_transfers,
           count(*) FILTER (WHERE a.load_status_code = 'FAIL') AS app_failed
    FROM apc_record a JOIN source_file f ON f.file_name = a.file_name AND f.status = 'LOADED'
    LEFT JOIN report_position_trust pt ON pt.position_id = a.position_id
    GROUP BY ALL
),
app AS (
    SELECT f.deanery_code, exchange_quarter_of(f.file_date) AS quarter, coalesce(pt.trust_code, 'UNKNOWN') AS trust_code,
           count(*) AS app_records
    FROM source_file f JOIN app_record r ON r.file_name = f.file_name
    LEFT JOIN report_position_trust pt ON pt.position_id = r.position_id
    WHERE f.file_kind = 'INTERFACE' AND f.file_type = 'APP' AND f.status = 'LOADED'
    GROUP BY ALL
),
manual AS (
    SELECT m.deanery_code, m.quarter, coalesce(t.trust_code, 'UNKNOWN') AS trust_code, count(*) AS manual_hires
    FROM exchange_manual_hire m LEFT JOIN trust t ON t.vpd_code = m.vpd_code
    GROUP BY ALL
),
cells AS (
    SELECT deanery_code, trust_code, quarter,
           CAST(coalesce(sum(applicants_created), 0) AS BIGINT) AS applicants_created,
           CAST(coalesce(sum(internal_transfers), 0) AS BIGINT) AS internal_transfers,
           CAST(coalesce(sum(app_records), 0) AS BIGINT) AS app_records,
           CAST(coalesce(sum(app_failed), 0) AS BIGINT) AS app_failed,
           CAST(coalesce(sum(manual_hires), 0) AS BIGINT) AS manual_hires
    FROM (SELECT * FROM apc UNION ALL BY NAME SELECT * FROM app UNION ALL BY NAME SELECT * FROM manual)
    GROUP BY ALL
),
trusts AS (
    SELECT deanery_code, trust_code FROM trust
    UNION
    SELECT DISTINCT deanery_code, trust_code FROM cells
)
SELECT t.deanery_code, t.trust_code, q.quarter,
       coalesce(c.applicants_created, 0) AS applicants_created,
       coalesce(c.internal_transfers, 0) AS internal_transfers,
       coalesce(c.app_records, 0) AS app_records,
       coalesce(c.app_failed, 0) AS app_failed,
       coalesce(c.manual_hires, 0) AS manual_hires
FROM trusts t CROSS JOIN report_quarter q
LEFT JOIN cells c ON c.deanery_code = t.deanery_code AND c.trust_code = t.trust_code AND c.quarter = q.quarter
WHERE t.trust_code <> 'UNKNOWN' OR c.quarter IS NOT NULL
UNION ALL
SELECT deanery_code, 'ALL', quarter, applicants_created, internal_transfers, app_records, app_failed, manual_hires
FROM report_volume WHERE deanery_code <> 'ALL';
COMMENT ON VIEW report_volume_trust IS 'report_volume per trust: the same counts (APC answers by quarter of the APC file date, APP records by quarter of the APP file date, manual hires by quarter keyed; exchange_volume_by_quarter) for every trust of each deanery and every quarter, zeros where nothing was counted. An APP record or APC answer belongs to the trust of its position (report_position_trust), a manual hire to the trust of its employing VPD; UNKNOWN holds those of no known trust. Trust ALL is the deanery''s row of report_volume, which the trust rows add up to.';
COMMENT ON COLUMN report_volume_trust.deanery_code IS 'Deanery of the files (of the STF for manual hires).';
COMMENT ON COLUMN report_volume_trust.trust_code IS 'Trust, UNKNOWN, or ALL for the whole deanery.';
COMMENT ON COLUMN report_volume_trust.quarter IS 'Quarter, YYYYQn.';
COMMENT ON COLUMN report_volume_trust.applicants_created IS 'APC records SUCCESS with application type NEW.';
COMMENT ON COLUMN report_volume_trust.internal_transfers IS 'APC records SUCCESS with application type TRANSFER.';
COMMENT ON COLUMN report_volume_trust.app_records IS 'Records of the APP files dated in the quarter (re-sends and quarantined files included, a redelivered file once).';
COMMENT ON COLUMN report_volume_trust.app_failed IS 'APC records FAIL.';
COMMENT ON COLUMN report_volume_trust.manual_hires IS 'Hires and internal transfers keyed by hand (exchange_manual_hire), by quarter keyed.';

CREATE VIEW report_notice_trust AS
WITH span AS (
    SELECT exchange_quarter_of(min(file_date)) AS first_quarter, exchange_quarter_of(max(file_date)) AS last_quarter
    FROM source_file WHERE file_kind = 'INTERFACE' AND status = 'LOADED'
),
lead AS (
    SELECT deanery_code, post_id, any_value(trust_code) AS trust_code FROM post_employer WHERE role = 'LEAD' GROUP BY ALL
),
cells AS (
    SELECT n.deanery_code, coalesce(l.trust_code, 'UNKNOWN') AS trust_code, n.quarter,
           count(*) FILTER (WHERE n.notice_days IS NOT NULL) AS placements_measured,
           count(*) FILTER (WHERE n.compliant) AS compliant,
           count(*) FILTER (WHERE n.notice_days IS NULL) AS not_sent
    FROM exchange_placement_notice n
    JOIN placement p ON p.deanery_code = n.deanery_code AND p.placement_id = n.placement_id
    LEFT JOIN lead l ON l.deanery_code = p.deanery_code AND l.post_id = p.post_id
    , span s
    WHERE n.quarter BETWEEN s.first_quarter AND s.last_quarter
    GROUP BY ALL
),
trusts AS (
    SELECT deanery_code, trust_code FROM trust
    UNION
    SELECT DISTINCT deanery_code, trust_code FROM cells
)
SELECT t.deanery_code, t.trust_code, q.quarter,
       coalesce(c.placements_measured, 0) AS placements_measured,
       coalesce(c.compliant, 0) AS compliant,
       coalesce(c.not_sent, 0) AS not_sent,
       round(c.compliant / nullif(c.placements_measured, 0), 4) AS compliance_rate
FROM trusts t CROSS JOIN report_quarter q
LEFT JOIN cells c ON c.deanery_code = t.deanery_code AND c.trust_code = t.trust_code AND c.quarter = q.quarter
WHERE t.trust_code <> 'UNKNOWN' OR c.quarter IS NOT NULL
UNION ALL
SELECT deanery_code, 'ALL', quarter, placements_measured, compliant, not_sent, compliance_rate
FROM report_notice WHERE deanery_code <> 'ALL';
COMMENT ON VIEW report_notice_trust IS 'report_notice per trust: notice compliance (exchange_placement_notice, for the quarters the interface files cover) per trust of each deanery and quarter of the placement''s start, a placement counting for the lead employer of its post. Trust ALL is the deanery''s row of report_notice, which the trust rows add up to.';
COMMENT ON COLUMN report_notice_trust.deanery_code IS 'The deanery.';
COMMENT ON COLUMN report_notice_trust.trust_code IS 'Lead employer of the placement''s post, UNKNOWN, or ALL.';
COMMENT ON COLUMN report_notice_trust.quarter IS 'Quarter of the placement''s latest start date.';
COMMENT ON COLUMN report_notice_trust.placements_measured IS 'Placements in scope with a notice value.';
COMMENT ON COLUMN report_notice_trust.compliant IS 'Of those, the ones given at least 84 days'' notice (12 weeks).';
COMMENT ON COLUMN report_notice_trust.not_sent IS 'Placements in scope never carried by an APP file that was not quarantined.';
COMMENT ON COLUMN report_notice_trust.compliance_rate IS 'compliant / placements_measured, four decimals; empty when none measured.';

CREATE VIEW report_rejection_trust AS
WITH parts AS (
    SELECT f.deanery_code, exchange_quarter_of(f.file_date) AS quarter, coalesce(pt.trust_code, 'UNKNOWN') AS trust_code,
           'APC' AS source, split_part(a.message_text, ':', 1) AS reason_code, count(*) AS count
    FROM apc_record a JOIN source_file f ON f.file_name = a.file_name AND f.status = 'LOADED'
    LEFT JOIN report_position_trust pt ON pt.position_id = a.position_id
    WHERE a.load_status_code = 'FAIL'
    GROUP BY ALL
    UNION ALL
    SELECT f.deanery_code, exchange_quarter_of(f.file_date), coalesce(t.trust_code, 'UNKNOWN'),
           'DCC', split_part(d.message_text, ':', 1), count(*)
    FROM dcc_record d JOIN source_file f ON f.file_name = d.file_name AND f.status = 'LOADED'
    LEFT JOIN dnc_record n ON n.file_name = d.dnc_file_name AND n.ordinal = d.record_ordinal
    LEFT JOIN trust t ON t.vpd_code = lpad(trim(n.employing_org_vpd_code), 3, '0')
    WHERE d.load_status_code = 'FAIL'
    GROUP BY ALL
    UNION ALL
    SELECT deanery_code, quarter, 'UNKNOWN', source, reason_code, count
    FROM report_rejection WHERE deanery_code <> 'ALL' AND source NOT IN ('APC', 'DCC')
)
SELECT deanery_code, quarter, trust_code, source, reason_code, CAST(count AS BIGINT) AS count FROM parts
UNION ALL
SELECT deanery_code, quarter, 'ALL', source, reason_code, count FROM report_rejection WHERE deanery_code <> 'ALL';
COMMENT ON VIEW report_rejection_trust IS 'report_rejection per trust: APC failures count for the trust of the APP record''s position (report_position_trust), DCC failures for the trust of the notification''s employing VPD; person records rejected on apply and files rejected whole name no trust and count under UNKNOWN. Trust ALL is the deanery''s row of report_rejection, which the trust rows add up to.';
COMMENT ON COLUMN report_rejection_trust.deanery_code IS 'The deanery.';
COMMENT ON COLUMN report_rejection_trust.quarter IS 'Quarter of the file date.';
COMMENT ON COLUMN report_rejection_trust.trust_code IS 'Trust, UNKNOWN, or ALL.';
COMMENT ON COLUMN report_rejection_trust.source IS 'APC, DCC, UPDATE_APPLY or FILE.';
COMMENT ON COLUMN report_rejection_trust.reason_code IS 'The reason code.';
COMMENT ON COLUMN report_rejection_trust.count IS 'Records (files for FILE) rejected.';

CREATE VIEW report_alignment_score AS
WITH run AS (
    SELECT max(run_id) AS run_id FROM quality_run WHERE finished_at IS NOT NULL
),
s AS (
    SELECT a.deanery_code, a.trust_code, a.quarter, a.entity, a.population, a.linked, a.scored,
           round(a.score, 4) AS score, round(a.link_coverage, 4) AS link_coverage,
           CAST(left(a.quarter, 4) AS INTEGER) * 4 + CAST(right(a.quarter, 1) AS INTEGER) - 1 AS qn
    FROM quality_alignment_score a JOIN run USING (run_id)
)
SELECT k.deanery_code, k.trust_code, k.quarter, k.entity, k.population, k.linked, k.scored, k.score, k.link_coverage,
       p.score AS previous_quarter_score, round(k.score - p.score, 4) AS change_on_previous_quarter,
       y.score AS year_earlier_score, round(k.score - y.score, 4) AS change_on_year_earlier,
       n.score AS national_score, round(k.score - n.score, 4) AS difference_from_national
FROM s k
LEFT JOIN s p ON p.deanery_code = k.deanery_code AND p.trust_code = k.trust_code AND p.entity = k.entity AND p.qn = k.qn - 1
LEFT JOIN s y ON y.deanery_code = k.deanery_code AND y.trust_code = k.trust_code AND y.entity = k.entity AND y.qn = k.qn - 4
LEFT JOIN s n ON n.deanery_code = 'ALL' AND n.trust_code = 'ALL' AND n.quarter = k.quarter AND n.entity = k.entity;
COMMENT ON VIEW report_alignment_score IS 'The alignment scores of the latest finished quality run (quality_alignment_score, domain 8.3) per deanery (ALL = England and Wales, pooled), trust (ALL = the whole deanery), quarter and entity, rounded to four decimals, beside the previous quarter, the same quarter a year earlier and the national score of the quarter. Changes are differences of the rounded scores.';
COMMENT ON COLUMN report_alignment_score.deanery_code IS 'Deanery, or ALL.';
COMMENT ON COLUMN report_alignment_score.trust_code IS 'Trust, or ALL.';
COMMENT ON COLUMN report_alignment_score.quarter IS 'The quarter.';
COMMENT ON COLUMN report_alignment_score.entity IS 'PERSON, POST or PLACEMENT.';
COMMENT ON COLUMN report_alignment_score.population IS 'PERSON: trainees with an approved placement of a sent type overlapping the quarter, linked or not. POST: current posts whose lead trust is live. PLACEMENT: approved placements of a sent type starting in the quarter.';
COMMENT ON COLUMN report_alignment_score.linked IS 'PERSON, PLACEMENT: how many of the population (or of their trainees) are linked to an ESR person; empty for POST.';
COMMENT ON COLUMN report_alignment_score.scored IS 'PERSON: linked trainees with a detail compared; POST: aligned posts; PLACEMENT: ALIGNED placements.';
COMMENT ON COLUMN report_alignment_score.score IS 'The alignment score, 0 to 1, four decimals: PERSON the mean share of agreeing details over linked trainees, POST the share of posts ESR holds exactly once at every live employing trust, PLACEMENT the share of placements ESR holds within 7 days at both ends.';
COMMENT ON COLUMN report_alignment_score.link_coverage IS 'PERSON: share of the population linked; PLACEMENT: share whose trainee is linked; empty for POST. Four decimals.';
COMMENT ON COLUMN report_alignment_score.previous_quarter_score IS 'The score of the quarter before.';
COMMENT ON COLUMN report_alignment_score.change_on_previous_quarter IS 'score - previous_quarter_score.';
COMMENT ON COLUMN report_alignment_score.year_earlier_score IS 'The score of the same quarter a year earlier.';
COMMENT ON COLUMN report_alignment_score.change_on_year_earlier IS 'score - year_earlier_score.';
COMMENT ON COLUMN report_alignment_score.national_score IS 'The England and Wales score (ALL, ALL) of the same quarter and entity.';
COMMENT ON COLUMN report_alignment_score.difference_from_national IS 'score - national_score.';

CREATE VIEW report_alignment_field AS
WITH run AS (
    SELECT max(run_id) AS run_id FROM quality_run WHERE finished_at IS NOT NULL
),
f AS (
    SELECT a.* FROM quality_alignment_field a JOIN run USING (run_id)
)
SELECT f.deanery_code, f.trust_code, f.quarter, f.entity, f.field, f.pairs, f.compared, f.agree, f.one_null,
       round(f.agreement, 4) AS agreement, round(f.incompleteness, 4) AS incompleteness,
       round(n.agreement, 4) AS national_agreement
FROM f
LEFT JOIN f n ON n.deanery_code = 'ALL' AND n.trust_code = 'ALL' AND n.quarter = f.quarter AND n.entity = f.entity AND n.field = f.field;
COMMENT ON VIEW report_alignment_field IS 'Field agreement of the latest finished quality run (quality_alignment_field, domain 8.3) per deanery, trust, quarter, entity and field, with the national agreement of the same quarter and field. Shares rounded to four decimals.';
COMMENT ON COLUMN report_alignment_field.deanery_code IS 'Deanery, or ALL.';
COMMENT ON COLUMN report_alignment_field.trust_code IS 'Trust, or ALL.';
COMMENT ON COLUMN report_alignment_field.quarter IS 'The quarter.';
COMMENT ON COLUMN report_alignment_field.entity IS 'PERSON (linked trainees) or PLACEMENT (ALIGNED placements).';
COMMENT ON COLUMN report_alignment_field.field IS 'The detail compared (domain 8.2, 8.5).';
COMMENT ON COLUMN report_alignment_field.pairs IS 'Linked trainees (ALIGNED placements) looked at.';
COMMENT ON COLUMN report_alignment_field.compared IS 'Of those, how many hold the detail on at least one side.';
COMMENT ON COLUMN report_alignment_field.agree IS 'How many agree on it.';
COMMENT ON COLUMN report_alignment_field.one_null IS 'How many hold it on one side only.';
COMMENT ON COLUMN report_alignment_field.agreement IS 'agree / compared, four decimals.';
COMMENT ON COLUMN report_alignment_field.incompleteness IS 'one_null / pairs, four decimals.';
COMMENT ON COLUMN report_alignment_field.national_agreement IS 'The England and Wales agreement on the field in the quarter.';

CREATE VIEW report_link_estimate AS
SELECT e.deanery_code, e.trainees, e.population, e.links, e.key_links, e.probabilistic_links, e.review_links,
       round(e.expected_false_matches, 1) AS expected_false_matches, round(e.false_match_rate, 4) AS false_match_rate,
       round(e.expected_missed_matches, 1) AS expected_missed_matches, round(e.missed_match_rate, 4) AS missed_match_rate
FROM quality_link_estimate e
WHERE e.run_id = (SELECT max(run_id) FROM quality_run WHERE finished_at IS NOT NULL);
COMMENT ON VIEW report_link_estimate IS 'The label-free linkage error estimates of the latest finished quality run (quality_link_estimate), per deanery and ALL.';
COMMENT ON COLUMN report_link_estimate.deanery_code IS 'Deanery, or ALL.';
COMMENT ON COLUMN report_link_estimate.trainees IS 'Trainee records of the deanery.';
COMMENT ON COLUMN report_link_estimate.population IS 'Trainees of any quarter''s person population.';
COMMENT ON COLUMN report_link_estimate.links IS 'Links made (accepted and held for review).';
COMMENT ON COLUMN report_link_estimate.key_links IS 'Links made by a key: assignment id, GMC number and birth date, NI number and birth date.';
COMMENT ON COLUMN report_link_estimate.probabilistic_links IS 'Links made by the probabilistic model.';
COMMENT ON COLUMN report_link_estimate.review_links IS 'Probabilistic links held for a person to review (not used by the scores).';
COMMENT ON COLUMN report_link_estimate.expected_false_matches IS 'Expected wrong links, from the model''s probabilities.';
COMMENT ON COLUMN report_link_estimate.false_match_rate IS 'expected_false_matches / links.';
COMMENT ON COLUMN report_link_estimate.expected_missed_matches IS 'Expected trainees left unlinked although ESR holds them.';
COMMENT ON COLUMN report_link_estimate.missed_match_rate IS 'expected_missed_matches / population.';

CREATE VIEW report_link_explanation AS
WITH last_seen AS (
    SELECT deanery_code, trainee_id, max(quarter) AS last_quarter, arg_max(trust_code, quarter) AS trust_code
    FROM quality_person_population GROUP BY ALL
),
c AS (
    SELECT link_id,
           max(level) FILTER (WHERE field = 'last_name') AS last_name_level, max(weight) FILTER (WHERE field = 'last_name') AS last_name_weight,
           max(level) FILTER (WHERE field = 'first_name') AS first_name_level, max(weight) FILTER (WHERE field = 'first_name') AS first_name_weight,
           max(level) FILTER (WHERE field = 'date_of_birth') AS date_of_birth_level, max(weight) FILTER (WHERE field = 'date_of_birth') AS date_of_birth_weight,
           max(level) FILTER (WHERE field = 'gender') AS gender_level, max(weight) FILTER (WHERE field = 'gender') AS gender_weight,
           max(level) FILTER (WHERE field = 'ni_number') AS ni_number_level, max(weight) FILTER (WHERE field = 'ni_number') AS ni_number_weight,
           max(level) FILTER (WHERE field = 'gmc_number') AS gmc_number_level, max(weight) FILTER (WHERE field = 'gmc_number') AS gmc_number_weight,
           max(level) FILTER (WHERE field = 'email') AS email_level, max(weight) FILTER (WHERE field = 'email') AS email_weight,
           max(level) FILTER (WHERE field = 'postcode') AS postcode_level, max(weight) FILTER (WHERE field = 'postcode') AS postcode_weight,
           max(level) FILTER (WHERE field = 'address_line1') AS address_line1_level, max(weight) FILTER (WHERE field = 'address_line1') AS address_line1_weight
    FROM quality_link_contribution GROUP BY link_id
)
SELECT l.deanery_code, coalesce(s.trust_code, 'UNKNOWN') AS trust_code, s.last_quarter AS quarter,
       l.trainee_id, l.esr_person_number, l.tier, l.status,
       round(l.match_weight, 2) AS match_weight, round(l.match_probability, 4) AS match_probability,
       c.* EXCLUDE (link_id)
FROM quality_person_link l
LEFT JOIN c USING (link_id)
LEFT JOIN last_seen s ON s.deanery_code = l.deanery_code AND s.trainee_id = l.trainee_id;
COMMENT ON VIEW report_link_explanation IS 'Why each trainee is linked to its ESR person (latest quality run; domain 8.1): how the link was made and, for every field, how the two records compared and the evidence (bits of match weight) that gave, from quality_link_contribution; one row per link. The trust and quarter are those of the trainee''s latest quarter in a person population.';
COMMENT ON COLUMN report_link_explanation.deanery_code IS 'Deanery of the trainee.';
COMMENT ON COLUMN report_link_explanation.trust_code IS 'Trust the trainee counted for in their latest quarter in a person population; UNKNOWN when in none.';
COMMENT ON COLUMN report_link_explanation.quarter IS 'That latest quarter; empty when in none.';
COMMENT ON COLUMN report_link_explanation.trainee_id IS 'The trainee.';
COMMENT ON COLUMN report_link_explanation.esr_person_number IS 'The ESR person linked.';
COMMENT ON COLUMN report_link_explanation.tier IS 'ASSIGNMENT_ID, GMC_DOB, NI_DOB or PROBABILISTIC (quality_person_link.tier).';
COMMENT ON COLUMN report_link_explanation.status IS 'ACCEPTED, or REVIEW (held for a person to check; not used by the scores).';
COMMENT ON COLUMN report_link_explanation.match_weight IS 'The pair''s match weight in bits: the sum of the field weights, plus the prior.';
COMMENT ON COLUMN report_link_explanation.match_probability IS 'The model''s probability that the pair is the same human.';
COMMENT ON COLUMN report_link_explanation.last_name_level IS 'How the surnames compared (quality_link_candidate levels: EXACT, a fuzzy level, DIFFERENT; empty when a side is empty).';
COMMENT ON COLUMN report_link_explanation.last_name_weight IS 'Bits of evidence the surnames gave (positive for, negative against).';
COMMENT ON COLUMN report_link_explanation.first_name_level IS 'How the first forenames compared.';
COMMENT ON COLUMN report_link_explanation.first_name_weight IS 'Bits of evidence the first forenames gave.';
COMMENT ON COLUMN report_link_explanation.date_of_birth_level IS 'How the dates of birth compared.';
COMMENT ON COLUMN report_link_explanation.date_of_birth_weight IS 'Bits of evidence the dates of birth gave.';
COMMENT ON COLUMN report_link_explanation.gender_level IS 'How the genders compared.';
COMMENT ON COLUMN report_link_explanation.gender_weight IS 'Bits of evidence the genders gave.';
COMMENT ON COLUMN report_link_explanation.ni_number_level IS 'How the NI numbers compared.';
COMMENT ON COLUMN report_link_explanation.ni_number_weight IS 'Bits of evidence the NI numbers gave.';
COMMENT ON COLUMN report_link_explanation.gmc_number_level IS 'How the GMC numbers compared.';
COMMENT ON COLUMN report_link_explanation.gmc_number_weight IS 'Bits of evidence the GMC numbers gave.';
COMMENT ON COLUMN report_link_explanation.email_level IS 'How the email addresses compared.';
COMMENT ON COLUMN report_link_explanation.email_weight IS 'Bits of evidence the email addresses gave.';
COMMENT ON COLUMN report_link_explanation.postcode_level IS 'How the postcodes compared.';
COMMENT ON COLUMN report_link_explanation.postcode_weight IS 'Bits of evidence the postcodes gave.';
COMMENT ON COLUMN report_link_explanation.address_line1_level IS 'How the first address lines compared.';
COMMENT ON COLUMN report_link_explanation.address_line1_weight IS 'Bits of evidence the first address lines gave.';

CREATE VIEW report_alignment_mismatch AS
WITH latest AS (
    SELECT max(quarter) AS quarter FROM quality_person_score
),
person AS (
    SELECT s.deanery_code, s.trust_code, s.quarter, s.trainee_id,
           concat_ws(', ',
               CASE WHEN s.last_name = 'DIFFER' THEN 'surname' END,
               CASE WHEN s.first_name = 'DIFFER' THEN 'first name' END,
               CASE WHEN s.date_of_birth = 'DIFFER' THEN 'date of birth' END,
               CASE WHEN s.gender = 'DIFFER' THEN 'gender' END,
               CASE WHEN s.ni_number = 'DIFFER' THEN 'NI number' END,
               CASE WHEN s.gmc_number = 'DIFFER' THEN 'GMC number' END,
               CASE WHEN s.email = 'DIFFER' THEN 'email' END,
               CASE WHEN s.postcode = 'DIFFER' THEN 'postcode' END,
               CASE WHEN s.address_line1 = 'DIFFER' THEN 'address' END) AS differ,
           concat_ws(', ',
               CASE WHEN s.last_name = 'ONE_EMPTY' THEN 'surname' END,
               CASE WHEN s.first_name = 'ONE_EMPTY' THEN 'first name' END,
               CASE WHEN s.date_of_birth = 'ONE_EMPTY' THEN 'date of birth' END,
               CASE WHEN s.gender = 'ONE_EMPTY' THEN 'gender' END,
               CASE WHEN s.ni_number = 'ONE_EMPTY' THEN 'NI number' END,
               CASE WHEN s.gmc_number = 'ONE_EMPTY' THEN 'GMC number' END,
               CASE WHEN s.email = 'ONE_EMPTY' THEN 'email' END,
               CASE WHEN s.postcode = 'ONE_EMPTY' THEN 'postcode' END,
               CASE WHEN s.address_line1 = 'ONE_EMPTY' THEN 'address' END) AS one_empty
    FROM quality_person_score s JOIN latest USING (quarter)
    WHERE s.linked AND s.agree < s.compared
),
placement AS (
    SELECT p.*,
           concat_ws(', ',
               CASE WHEN NOT p.start_date_agree THEN 'start date' END,
               CASE WHEN NOT p.end_date_agree THEN 'end date' END,
               CASE WHEN NOT p.grade_agree THEN 'grade' END,
               CASE WHEN NOT p.wte_agree THEN 'WTE' END) AS differ
    FROM quality_placement_state p JOIN latest USING (quarter)
)
SELECT s.deanery_code, s.trust_code, s.quarter, 'PERSON_DIFFERS' AS kind, NULL AS placement_id, s.trainee_id,
       t.surname, t.forenames, NULL AS dpn, NULL AS position_id,
       concat_ws('; ', CASE WHEN s.differ <> '' THEN 'differs from ESR: ' || s.differ END,
                       CASE WHEN s.one_empty <> '' THEN 'held on one side only: ' || s.one_empty END) AS reason,
       'Check these details against ESR''s and correct whichever side is wrong' AS action
FROM person s
LEFT JOIN trainee t ON t.deanery_code = s.deanery_code AND t.trainee_id = s.trainee_id
UNION ALL
SELECT p.deanery_code, p.trust_code, p.quarter, 'PLACEMENT_' || p.state, p.placement_id, p.trainee_id,
       t.surname, t.forenames, p.dpn, NULL,
       CASE p.state WHEN 'NO_LINK' THEN 'the trainee is linked to no ESR person'
                    WHEN 'NO_ASSIGNMENT' THEN 'ESR holds no assignment on the DPN for the trainee'
                    WHEN 'DATES_DIFFER' THEN 'ESR''s assignment on the DPN starts or ends more than 7 days away'
                    ELSE 'differs from ESR: ' || p.differ END,
       CASE p.state WHEN 'NO_LINK' THEN 'Check the trainee''s GMC number, NI number and date of birth against ESR''s'
                    WHEN 'NO_ASSIGNMENT' THEN 'Ask the trust whether the trainee was hired into this post; resend or correct the placement'
                    WHEN 'DATES_DIFFER' THEN 'Correct the placement dates or ask the trust to correct the assignment'
                    ELSE 'Correct whichever side is wrong' END
FROM placement p
LEFT JOIN trainee t ON t.deanery_code = p.deanery_code AND t.trainee_id = p.trainee_id
WHERE p.state <> 'ALIGNED' OR p.differ <> '';
COMMENT ON VIEW report_alignment_mismatch IS 'What alignment found to fix in the latest quarter the latest quality run scored (domain 8.2-8.5): each linked trainee whose details differ from ESR''s or are held on one side only (which details, never their values), and each placement starting in that quarter that ESR does not hold as the deanery does.';
COMMENT ON COLUMN report_alignment_mismatch.deanery_code IS 'Deanery of the trainee.';
COMMENT ON COLUMN report_alignment_mismatch.trust_code IS 'Trust the trainee counts for (person), or the lead trust of the placement''s post.';
COMMENT ON COLUMN report_alignment_mismatch.quarter IS 'The quarter scored.';
COMMENT ON COLUMN report_alignment_mismatch.kind IS 'PERSON_DIFFERS, or PLACEMENT_ and the placement state (NO_LINK, NO_ASSIGNMENT, DATES_DIFFER, ALIGNED when only a detail differs).';
COMMENT ON COLUMN report_alignment_mismatch.placement_id IS 'The placement, for placements.';
COMMENT ON COLUMN report_alignment_mismatch.trainee_id IS 'The trainee.';
COMMENT ON COLUMN report_alignment_mismatch.surname IS 'Trainee surname as the deanery system holds it (personal: the trainee''s own deanery only).';
COMMENT ON COLUMN report_alignment_mismatch.forenames IS 'Trainee forenames as the deanery system holds them (personal: the trainee''s own deanery only).';
COMMENT ON COLUMN report_alignment_mismatch.dpn IS 'The post''s DPN, for placements.';
COMMENT ON COLUMN report_alignment_mismatch.position_id IS 'Always empty (the column lines up with report_fix_item).';
COMMENT ON COLUMN report_alignment_mismatch.reason IS 'What differs.';
COMMENT ON COLUMN report_alignment_mismatch.action IS 'What to do.';

CREATE VIEW report_mismatch AS
SELECT deanery_code, trust_code, quarter, kind, placement_id, trainee_id, surname, forenames, dpn, position_id, reason, action
FROM report_fix_item
UNION ALL BY NAME
SELECT deanery_code, trust_code, quarter, kind, placement_id, trainee_id, surname, forenames, dpn, CAST(position_id AS BIGINT) AS position_id, reason, action
FROM report_alignment_mismatch;
COMMENT ON VIEW report_mismatch IS 'The list of mismatches a deanery has to fix: report_fix_item (APP records whose latest send failed; posts ESR does not hold exactly once) and report_alignment_mismatch (details and placements that differ from ESR in the latest quarter scored).';
COMMENT ON COLUMN report_mismatch.deanery_code IS 'Deanery.';
COMMENT ON COLUMN report_mismatch.trust_code IS 'Trust concerned.';
COMMENT ON COLUMN report_mismatch.quarter IS 'Quarter concerned (see the two views).';
COMMENT ON COLUMN report_mismatch.kind IS 'APP_FAILED, POST_MISSING_IN_ESR, DUPLICATE_DPN, PERSON_DIFFERS or PLACEMENT_<state>.';
COMMENT ON COLUMN report_mismatch.placement_id IS 'The placement, when one is concerned.';
COMMENT ON COLUMN report_mismatch.trainee_id IS 'The trainee, when one is concerned.';
COMMENT ON COLUMN report_mismatch.surname IS 'Trainee surname (personal: the trainee''s own deanery only).';
COMMENT ON COLUMN report_mismatch.forenames IS 'Trainee forenames (personal: the trainee''s own deanery only).';
COMMENT ON COLUMN report_mismatch.dpn IS 'The post''s DPN.';
COMMENT ON COLUMN report_mismatch.position_id IS 'ESR position concerned.';
COMMENT ON COLUMN report_mismatch.reason IS 'What is wrong.';
COMMENT ON COLUMN report_mismatch.action IS 'What to do.';

-- How a link's field compared and the evidence it gave, in words, for the
-- pages: e.g. 'same +8.1', 'differs -3.1'; empty when a side is empty.
CREATE MACRO report_link_level_words(level, weight) AS CASE
    WHEN level IS NULL OR level = 'NULL' THEN ''
    ELSE CASE level
             WHEN 'EXACT' THEN 'same' WHEN 'JW92' THEN 'close' WHEN 'JW80' THEN 'similar'
             WHEN 'PREVIOUS' THEN 'previous surname' WHEN 'TRANSPOSED' THEN 'day/month swapped'
             WHEN 'TWO_PARTS' THEN '2 of 3 parts' WHEN 'ONE_EDIT' THEN 'one edit' WHEN 'DISTRICT' THEN 'same district'
             WHEN 'LOCAL_PART' THEN 'same before @' WHEN 'ELSE' THEN 'differs' ELSE lower(level) END
         || ' ' || printf('%+.1f', weight) END;

-- The order the pages list the compared details in (domain 8.2, then 8.5).
CREATE MACRO report_field_rank(field) AS list_position(
    ['last_name', 'first_name', 'date_of_birth', 'gender', 'ni_number', 'gmc_number', 'email', 'postcode', 'address_line1',
     'start_date', 'end_date', 'grade', 'wte'], field);
