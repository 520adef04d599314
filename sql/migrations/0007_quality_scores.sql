-- Alignment (domain 8.2 to 8.5): per record, the latest run's person,
-- placement and post results for every quarter; per deanery, trust and
-- quarter, the scores of every run, so that trends can be drawn and a
-- quarter compared with the one before and the same quarter a year earlier.

-- How one field of a linked pair compares (8.3): NULL when both sides are
-- empty (not counted), ONE_EMPTY when one is (compared, disagrees, counted
-- incomplete), else AGREE or DIFFER.
CREATE MACRO align_outcome(d, e) AS CASE
    WHEN d IS NULL AND e IS NULL THEN NULL
    WHEN d IS NULL OR e IS NULL THEN 'ONE_EMPTY'
    WHEN d = e THEN 'AGREE'
    ELSE 'DIFFER' END;

-- Pay scale of a placement grade (domain 2.3): year n of a specialty grade
-- is MS0n.
CREATE MACRO grade_payscale(g) AS CASE
    WHEN g = 'F1' THEN 'MF01'
    WHEN g = 'F2' THEN 'MF02'
    WHEN regexp_full_match(g, '(CT|ST|GPST)[1-9]') THEN 'MS0' || right(g, 1)
    ELSE NULL END;

CREATE TABLE quality_person_score (
    quarter           VARCHAR NOT NULL,
    deanery_code      VARCHAR NOT NULL,
    trust_code        VARCHAR,
    trainee_id        VARCHAR NOT NULL,
    esr_person_number BIGINT,
    linked            BOOLEAN NOT NULL,
    last_name         VARCHAR,
    first_name        VARCHAR,
    date_of_birth     VARCHAR,
    gender            VARCHAR,
    ni_number         VARCHAR,
    gmc_number        VARCHAR,
    email             VARCHAR,
    postcode          VARCHAR,
    address_line1     VARCHAR,
    compared          INTEGER NOT NULL,
    agree             INTEGER NOT NULL,
    one_empty         INTEGER NOT NULL,
    score             DOUBLE,
    PRIMARY KEY (quarter, deanery_code, trainee_id)
);
COMMENT ON TABLE quality_person_score IS 'Each trainee of each quarter''s person population (latest run), how each of their details compares with ESR''s at the quarter end, and their person record score: the share of compared details on which the deanery and ESR agree.';
COMMENT ON COLUMN quality_person_score.quarter IS 'The quarter (YYYYQn); both sides are taken as at the end of its last day.';
COMMENT ON COLUMN quality_person_score.deanery_code IS 'Deanery of the trainee.';
COMMENT ON COLUMN quality_person_score.trust_code IS 'Trust the trainee counts for: lead employer of the post of their latest-starting placement in the quarter.';
COMMENT ON COLUMN quality_person_score.trainee_id IS 'The trainee.';
COMMENT ON COLUMN quality_person_score.esr_person_number IS 'The ESR person the trainee is linked to, when linked.';
COMMENT ON COLUMN quality_person_score.linked IS 'True when the trainee has an accepted link to an ESR person that a staff extract dated by the quarter end holds.';
COMMENT ON COLUMN quality_person_score.last_name IS 'Surname (NAME form): AGREE, DIFFER, ONE_EMPTY (one side has no value: counted as disagreeing and incomplete) or empty when neither side has one.';
COMMENT ON COLUMN quality_person_score.first_name IS 'First forename (NAME form, first word): AGREE, DIFFER, ONE_EMPTY or empty.';
COMMENT ON COLUMN quality_person_score.date_of_birth IS 'Date of birth: AGREE, DIFFER, ONE_EMPTY or empty.';
COMMENT ON COLUMN quality_person_score.gender IS 'Gender (U counts as no value): AGREE, DIFFER, ONE_EMPTY or empty.';
COMMENT ON COLUMN quality_person_score.ni_number IS 'NI number: AGREE, DIFFER, ONE_EMPTY or empty.';
COMMENT ON COLUMN quality_person_score.gmc_number IS 'GMC number: AGREE, DIFFER, ONE_EMPTY or empty.';
COMMENT ON COLUMN quality_person_score.email IS 'Email address: AGREE, DIFFER, ONE_EMPTY or empty.';
COMMENT ON COLUMN quality_person_score.postcode IS 'Postcode: AGREE, DIFFER, ONE_EMPTY or empty.';
COMMENT ON COLUMN quality_person_score.address_line1 IS 'First address line (NAME form): AGREE, DIFFER, ONE_EMPTY or empty.';
COMMENT ON COLUMN quality_person_score.compared IS 'Details compared (at least one side has a value).';
COMMENT ON COLUMN quality_person_score.agree IS 'Details on which both sides agree.';
COMMENT ON COLUMN quality_person_score.one_empty IS 'Details held on one side only.';
COMMENT ON COLUMN quality_person_score.score IS 'Person record score: agree / compared, from 0 to 1; empty when the trainee is not linked or nothing could be compared.';

CREATE TABLE quality_placement_state (
    quarter           VARCHAR NOT NULL,
    deanery_code      VARCHAR NOT NULL,
    trust_code        VARCHAR,
    placement_id      VARCHAR NOT NULL,
    trainee_id        VARCHAR,
    dpn               VARCHAR,
    start_date        DATE,
    end_date          DATE,
    state             VARCHAR NOT NULL,
    esr_person_number BIGINT,
    assignment_id     BIGINT,
    period_seq        BIGINT,
    start_date_agree  BOOLEAN,
    end_date_agree    BOOLEAN,
    grade_agree       BOOLEAN,
    wte_agree         BOOLEAN,
    PRIMARY KEY (quarter, deanery_code, placement_id)
);
COMMENT ON TABLE quality_placement_state IS 'Each placement starting in a quarter (approved, not withdrawn, of a type sent to ESR; latest run) and what ESR holds for it at the quarter end (domain 8.5): NO_LINK, NO_ASSIGNMENT, DATES_DIFFER or ALIGNED.';
COMMENT ON COLUMN quality_placement_state.quarter IS 'Quarter of the placement''s start date.';
COMMENT ON COLUMN quality_placement_state.deanery_code IS 'Deanery of the placement.';
COMMENT ON COLUMN quality_placement_state.trust_code IS 'Lead employer of the placement''s post.';
COMMENT ON COLUMN quality_placement_state.placement_id IS 'The placement.';
COMMENT ON COLUMN quality_placement_state.trainee_id IS 'Its trainee.';
COMMENT ON COLUMN quality_placement_state.dpn IS 'DPN of its post.';
COMMENT ON COLUMN quality_placement_state.start_date IS 'Placement start, as the deanery held it at the quarter end.';
COMMENT ON COLUMN quality_placement_state.end_date IS 'Placement end.';
COMMENT ON COLUMN quality_placement_state.state IS 'NO_LINK (the trainee has no ESR person), NO_ASSIGNMENT (the person has no assignment period on the DPN), DATES_DIFFER (periods on the DPN, none within 7 days at both ends) or ALIGNED.';
COMMENT ON COLUMN quality_placement_state.esr_person_number IS 'The trainee''s linked ESR person.';
COMMENT ON COLUMN quality_placement_state.assignment_id IS 'For ALIGNED: the assignment whose period matched (the one starting closest to the placement).';
COMMENT ON COLUMN quality_placement_state.period_seq IS 'For ALIGNED: the matching period.';
COMMENT ON COLUMN quality_placement_state.start_date_agree IS 'For ALIGNED: the period starts on the placement''s start date.';
COMMENT ON COLUMN quality_placement_state.end_date_agree IS 'For ALIGNED: the period''s end (actual, else projected) is the placement''s end date.';
COMMENT ON COLUMN quality_placement_state.grade_agree IS 'For ALIGNED: the period''s pay scale is the pay scale of the placement grade.';
COMMENT ON COLUMN quality_placement_state.wte_agree IS 'For ALIGNED: whole-time equivalents within 0.05.';

CREATE TABLE quality_post_state (
    quarter      VARCHAR NOT NULL,
    deanery_code VARCHAR NOT NULL,
    trust_code   VARCHAR,
    post_id      VARCHAR,
    dpn          VARCHAR,
    role         VARCHAR,
    position_id  BIGINT,
    state        VARCHAR NOT NULL
);
COMMENT ON TABLE quality_post_state IS 'Each role of each post assessed at a quarter end, and each ESR position no deanery post claims (domain 8.4, latest run), with its state.';
COMMENT ON COLUMN quality_post_state.quarter IS 'The quarter; the deanery''s view of ESR positions after every interface file dated by its end.';
COMMENT ON COLUMN quality_post_state.deanery_code IS 'The deanery.';
COMMENT ON COLUMN quality_post_state.trust_code IS 'The role''s trust (for MISSING_IN_DEANERY, the position''s trust).';
COMMENT ON COLUMN quality_post_state.post_id IS 'The post (empty for MISSING_IN_DEANERY).';
COMMENT ON COLUMN quality_post_state.dpn IS 'The DPN.';
COMMENT ON COLUMN quality_post_state.role IS 'LEAD or HOST (empty for MISSING_IN_DEANERY).';
COMMENT ON COLUMN quality_post_state.position_id IS 'The matched position for MATCHED, the lowest for DUPLICATE_DPN, the position itself for MISSING_IN_DEANERY.';
COMMENT ON COLUMN quality_post_state.state IS 'DUPLICATE_DPN (two or more live positions with the DPN at the trust), MATCHED (exactly one), WRONG_TRUST (none there, one at a trust that is not the post''s), DELETED (none live, a deleted one there), MISSING_IN_ESR (otherwise), NOT_LIVE (the trust is not on the interface, so not assessed), MISSING_IN_DEANERY (a live position whose DPN is no post of the deanery).';

CREATE TABLE quality_post_state_count (
    run_id       BIGINT NOT NULL,
    deanery_code VARCHAR NOT NULL,
    trust_code   VARCHAR NOT NULL,
    quarter      VARCHAR NOT NULL,
    state        VARCHAR NOT NULL,
    count        BIGINT NOT NULL,
    PRIMARY KEY (run_id, deanery_code, trust_code, quarter, state)
);
COMMENT ON TABLE quality_post_state_count IS 'How many post roles (and unclaimed positions) were in each state at each quarter end, per deanery and trust, for every run. deanery_code ALL with trust_code ALL pools every deanery; trust_code ALL alone pools a deanery''s trusts.';
COMMENT ON COLUMN quality_post_state_count.run_id IS 'The quality run.';
COMMENT ON COLUMN quality_post_state_count.deanery_code IS 'Deanery, or ALL.';
COMMENT ON COLUMN quality_post_state_count.trust_code IS 'Trust, or ALL.';
COMMENT ON COLUMN quality_post_state_count.quarter IS 'The quarter.';
COMMENT ON COLUMN quality_post_state_count.state IS 'The post state (see quality_post_state).';
COMMENT ON COLUMN quality_post_state_count.count IS 'Post roles in that state (positions, for MISSING_IN_DEANERY).';

CREATE TABLE quality_alignment_field (
    run_id         BIGINT NOT NULL,
    deanery_code   VARCHAR NOT NULL,
    trust_code     VARCHAR NOT NULL,
    quarter        VARCHAR NOT NULL,
    entity         VARCHAR NOT NULL,
    field          VARCHAR NOT NULL,
    pairs          BIGINT NOT NULL,
    compared       BIGINT NOT NULL,
    agree          BIGINT NOT NULL,
    one_null       BIGINT NOT NULL,
    agreement      DOUBLE,
    incompleteness DOUBLE,
    PRIMARY KEY (run_id, deanery_code, trust_code, quarter, entity, field)
);
COMMENT ON TABLE quality_alignment_field IS 'For every run, quarter, deanery and trust, how often each detail agrees between the deanery and ESR: for persons, over linked trainees; for placements, over ALIGNED placements. ALL pools deaneries or trusts (a pooled figure, never an average of averages).';
COMMENT ON COLUMN quality_alignment_field.run_id IS 'The quality run.';
COMMENT ON COLUMN quality_alignment_field.deanery_code IS 'Deanery, or ALL.';
COMMENT ON COLUMN quality_alignment_field.trust_code IS 'Trust, or ALL.';
COMMENT ON COLUMN quality_alignment_field.quarter IS 'The quarter.';
COMMENT ON COLUMN quality_alignment_field.entity IS 'PERSON or PLACEMENT.';
COMMENT ON COLUMN quality_alignment_field.field IS 'The detail: last_name, first_name, date_of_birth, gender, ni_number, gmc_number, email, postcode, address_line1; for placements start_date, end_date, grade, wte.';
COMMENT ON COLUMN quality_alignment_field.pairs IS 'Linked trainees (or ALIGNED placements) looked at.';
COMMENT ON COLUMN quality_alignment_field.compared IS 'Of those, how many have the detail on at least one side.';
COMMENT ON COLUMN quality_alignment_field.agree IS 'How many agree on it.';
COMMENT ON COLUMN quality_alignment_field.one_null IS 'How many hold it on one side only.';
COMMENT ON COLUMN quality_alignment_field.agreement IS 'Field agreement: the share of compared records on which both sides hold the same value (agree / compared).';
COMMENT ON COLUMN quality_alignment_field.incompleteness IS 'Field incompleteness: the share of records where one side holds the detail and the other does not (one_null / pairs).';

CREATE TABLE quality_alignment_score (
    run_id        BIGINT NOT NULL,
    deanery_code  VARCHAR NOT NULL,
    trust_code    VARCHAR NOT NULL,
    quarter       VARCHAR NOT NULL,
    entity        VARCHAR NOT NULL,
    population    BIGINT NOT NULL,
    linked        BIGINT,
    scored        BIGINT NOT NULL,
    score         DOUBLE,
    link_coverage DOUBLE,
    PRIMARY KEY (run_id, deanery_code, trust_code, quarter, entity)
);
COMMENT ON TABLE quality_alignment_score IS 'The headline alignment scores of every run, per quarter, deanery and trust (ALL pools them): person alignment, post alignment and placement alignment, each from 0 (nothing agrees) to 1 (everything agrees), with the link coverage they rest on. quality_alignment_trend sets each beside the previous quarter and the same quarter a year earlier.';
COMMENT ON COLUMN quality_alignment_score.run_id IS 'The quality run.';
COMMENT ON COLUMN quality_alignment_score.deanery_code IS 'Deanery, or ALL.';
COMMENT ON COLUMN quality_alignment_score.trust_code IS 'Trust, or ALL.';
COMMENT ON COLUMN quality_alignment_score.quarter IS 'The quarter.';
COMMENT ON COLUMN quality_alignment_score.entity IS 'PERSON, POST or PLACEMENT.';
COMMENT ON COLUMN quality_alignment_score.population IS 'PERSON: trainees with an approved placement sent to ESR during the quarter. POST: current posts whose lead trust is on the interface. PLACEMENT: approved placements sent to ESR that start in the quarter.';
COMMENT ON COLUMN quality_alignment_score.linked IS 'PERSON and PLACEMENT: how many of them (or of their trainees) are linked to an ESR person; empty for POST.';
COMMENT ON COLUMN quality_alignment_score.scored IS 'PERSON: linked trainees with at least one detail compared; POST: aligned posts; PLACEMENT: ALIGNED placements.';
COMMENT ON COLUMN quality_alignment_score.score IS 'PERSON: person alignment, the average over linked trainees of the share of their details on which the deanery and ESR agree. POST: post alignment, the share of posts that ESR holds exactly once at every employing trust on the interface. PLACEMENT: placement alignment, the share of placements that ESR holds with start and end within 7 days.';
COMMENT ON COLUMN quality_alignment_score.link_coverage IS 'PERSON: link coverage, the share of the population''s trainees linked to an ESR person. PLACEMENT: the share of placements whose trainee is linked. Empty for POST.';

CREATE VIEW quality_alignment_trend AS
WITH latest AS (
    SELECT * FROM quality_alignment_score WHERE run_id = (SELECT max(run_id) FROM quality_run WHERE finished_at IS NOT NULL)
),
keyed AS (
    SELECT *, CAST(left(quarter, 4) AS INTEGER) * 4 + CAST(right(quarter, 1) AS INTEGER) - 1 AS qn FROM latest
),
earlier AS (
    SELECT s.deanery_code, s.trust_code, s.quarter, s.entity, s.score,
           row_number() OVER (PARTITION BY s.deanery_code, s.trust_code, s.quarter, s.entity ORDER BY s.run_id DESC) AS n
    FROM quality_alignment_score s
    WHERE s.run_id < (SELECT max(run_id) FROM quality_run WHERE finished_at IS NOT NULL)
)
SELECT k.deanery_code, k.trust_code, k.quarter, k.entity, k.population, k.score,
       p.score AS previous_quarter_score, k.score - p.score AS change_on_previous_quarter,
       y.score AS year_earlier_score, k.score - y.score AS change_on_year_earlier,
       e.score AS previous_run_score
FROM keyed k
LEFT JOIN keyed p ON p.deanery_code = k.deanery_code AND p.trust_code = k.trust_code AND p.entity = k.entity AND p.qn = k.qn - 1
LEFT JOIN keyed y ON y.deanery_code = k.deanery_code AND y.trust_code = k.trust_code AND y.entity = k.entity AND y.qn = k.qn - 4
LEFT JOIN earlier e ON e.deanery_code = k.deanery_code AND e.trust_code = k.trust_code AND e.quarter = k.quarter
                   AND e.entity = k.entity AND e.n = 1;
COMMENT ON VIEW quality_alignment_trend IS 'Each alignment score of the latest run beside the same score for the previous quarter and for the same quarter a year earlier, and beside what the previous run said about the same quarter (late files can change a past quarter).';
COMMENT ON COLUMN quality_alignment_trend.deanery_code IS 'Deanery, or ALL.';
COMMENT ON COLUMN quality_alignment_trend.trust_code IS 'Trust, or ALL.';
COMMENT ON COLUMN quality_alignment_trend.quarter IS 'The quarter.';
COMMENT ON COLUMN quality_alignment_trend.entity IS 'PERSON, POST or PLACEMENT.';
COMMENT ON COLUMN quality_alignment_trend.population IS 'Records in the score''s population (see quality_alignment_score).';
COMMENT ON COLUMN quality_alignment_trend.score IS 'The score this quarter.';
COMMENT ON COLUMN quality_alignment_trend.previous_quarter_score IS 'The score the quarter before.';
COMMENT ON COLUMN quality_alignment_trend.change_on_previous_quarter IS 'score minus previous_quarter_score: positive means better aligned than a quarter earlier.';
COMMENT ON COLUMN quality_alignment_trend.year_earlier_score IS 'The score in the same quarter a year earlier.';
COMMENT ON COLUMN quality_alignment_trend.change_on_year_earlier IS 'score minus year_earlier_score.';
COMMENT ON COLUMN quality_alignment_trend.previous_run_score IS 'What the previous run scored for this quarter.';

-- Data-quality rules: each declared once as a named query
-- sql/queries/quality_rule_<name>.sql whose header gives its category,
-- description and thresholds, and whose SELECT returns every record
-- checked (deanery_code, record_key, offending, detail).

CREATE TABLE quality_rule (
    rule         VARCHAR PRIMARY KEY,
    category     VARCHAR NOT NULL,
    description  VARCHAR NOT NULL,
    warn_count   BIGINT,
    warn_percent DOUBLE,
    fail_count   BIGINT,
    fail_percent DOUBLE
);
COMMENT ON TABLE quality_rule IS 'The data-quality rules as the latest run declared them: what each checks and when it warns or fails.';
COMMENT ON COLUMN quality_rule.rule IS 'Rule name (its query is quality_rule_<name>).';
COMMENT ON COLUMN quality_rule.category IS 'validity, completeness, uniqueness, timeliness or referential integrity.';
COMMENT ON COLUMN quality_rule.description IS 'What an offending record is, in words.';
COMMENT ON COLUMN quality_rule.warn_count IS 'The rule warns from this many offending records; empty = no count threshold.';
COMMENT ON COLUMN quality_rule.warn_percent IS 'The rule warns from this percentage of checked records offending; empty = none.';
COMMENT ON COLUMN quality_rule.fail_count IS 'The rule fails from this many offending records; empty = none.';
COMMENT ON COLUMN quality_rule.fail_percent IS 'The rule fails from this percentage of checked records offending; empty = none.';

CREATE TABLE quality_rule_result (
    run_id       BIGINT NOT NULL,
    rule         VARCHAR NOT NULL,
    deanery_code VARCHAR NOT NULL,
    checked      BIGINT NOT NULL,
    offending    BIGINT NOT NULL,
    percent      DOUBLE,
    level        VARCHAR NOT NULL,
    PRIMARY KEY (run_id, rule, deanery_code)
);
COMMENT ON TABLE quality_rule_result IS 'Each rule''s result in every run, per deanery and for all deaneries together (ALL): records checked, records offending, and whether that crosses the warn or fail threshold.';
COMMENT ON COLUMN quality_rule_result.run_id IS 'The quality run.';
COMMENT ON COLUMN quality_rule_result.rule IS 'The rule.';
COMMENT ON COLUMN quality_rule_result.deanery_code IS 'Deanery, or ALL.';
COMMENT ON COLUMN quality_rule_result.checked IS 'Records the rule looked at.';
COMMENT ON COLUMN quality_rule_result.offending IS 'Records breaking it (listed in quality_rule_row).';
COMMENT ON COLUMN quality_rule_result.percent IS 'offending / checked × 100.';
COMMENT ON COLUMN quality_rule_result.level IS 'OK, WARN (a warn threshold crossed) or FAIL (a fail threshold crossed); `deanery quality` exits 1 when a rule is FAIL for ALL.';

CREATE TABLE quality_rule_row (
    run_id       BIGINT NOT NULL,
    rule         VARCHAR NOT NULL,
    deanery_code VARCHAR,
    record_key   VARCHAR,
    detail       VARCHAR
);
COMMENT ON TABLE quality_rule_row IS 'Every offending record of every rule in every run, so a finding can be followed to the records behind it.';
COMMENT ON COLUMN quality_rule_row.run_id IS 'The quality run.';
COMMENT ON COLUMN quality_rule_row.rule IS 'The rule broken.';
COMMENT ON COLUMN quality_rule_row.deanery_code IS 'Deanery of the record.';
COMMENT ON COLUMN quality_rule_row.record_key IS 'The record: trainee, placement or post id, ESR person number, position id or stream, as the rule says.';
COMMENT ON COLUMN quality_rule_row.detail IS 'What is wrong with it.';
