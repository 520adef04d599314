-- Quality (domain 8): each `deanery quality` run, and the person linkage of
-- 8.1 that every alignment score rests on. Deterministic tiers first (the
-- assignment id ESR returned, then GMC number with date of birth, then NI
-- number with date of birth), then Fellegi-Sunter probabilistic linkage for
-- the rest. Tables holding one row per record keep the latest run only;
-- tables keyed by run_id keep every run, so that trends can be drawn.

-- Comparison forms of 8.2: NAME, NINO, GMC, PCODE, email and gender.
CREATE MACRO norm_name(s) AS nullif(trim(regexp_replace(regexp_replace(regexp_replace(
    upper(strip_accents(s)), '[\s\x{2010}-\x{2015}\x{2212}-]', ' ', 'g'), '[^A-Z0-9 ]', '', 'g'), ' +', ' ', 'g')), '');
CREATE MACRO norm_first_name(s) AS nullif(split_part(norm_name(s), ' ', 1), '');
CREATE MACRO norm_nino(s) AS nullif(upper(regexp_replace(s, '\s', '', 'g')), '');
CREATE MACRO norm_gmc(s) AS CASE WHEN upper(regexp_replace(s, '\s', '', 'g')) IN ('', 'UNKNOWN', 'N/A') THEN NULL
    ELSE regexp_replace(s, '\s', '', 'g') END;
CREATE MACRO norm_postcode(s) AS CASE
    WHEN upper(regexp_replace(s, '\s', '', 'g')) = '' THEN NULL
    WHEN length(regexp_replace(s, '\s', '', 'g')) BETWEEN 5 AND 7 THEN
        upper(left(regexp_replace(s, '\s', '', 'g'), length(regexp_replace(s, '\s', '', 'g')) - 3)) || ' ' ||
        upper(right(regexp_replace(s, '\s', '', 'g'), 3))
    ELSE upper(regexp_replace(s, '\s', '', 'g')) END;
CREATE MACRO norm_email(s) AS nullif(lower(trim(s)), '');
CREATE MACRO norm_gender(s) AS nullif(nullif(upper(trim(s)), ''), 'U');

-- Validity rules of domain 3 on normalised values.
CREATE MACRO valid_nino(s) AS regexp_full_match(s, '[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z][0-9]{6}[A-D]')
    AND left(s, 2) NOT IN ('BG', 'GB', 'KN', 'NK', 'NT', 'TN', 'ZZ');
CREATE MACRO valid_gmc(s) AS regexp_full_match(s, '[0-9]{7}');
CREATE MACRO valid_postcode(s) AS regexp_full_match(s, '([A-Z]{1,2}[0-9][A-Z0-9]? [0-9][ABD-HJLNP-UW-Z]{2}|GIR 0AA)');

-- Comparison levels of the probabilistic tier: NULL when either side is
-- empty (no evidence either way), else from the closest level down.
CREATE MACRO link_level_name(a, b) AS CASE
    WHEN a IS NULL OR b IS NULL THEN 'NULL'
    WHEN a = b THEN 'EXACT'
    WHEN jaro_winkler_similarity(a, b) >= 0.92 THEN 'JW92'
    WHEN jaro_winkler_similarity(a, b) >= 0.80 THEN 'JW80'
    ELSE 'ELSE' END;
CREATE MACRO link_level_surname(a, a_prev, b, b_prev) AS CASE
    WHEN a IS NULL OR b IS NULL THEN 'NULL'
    WHEN a = b THEN 'EXACT'
    WHEN a = b_prev OR a_prev = b THEN 'PREVIOUS'
    WHEN jaro_winkler_similarity(a, b) >= 0.92 THEN 'JW92'
    WHEN jaro_winkler_similarity(a, b) >= 0.80 THEN 'JW80'
    ELSE 'ELSE' END;
CREATE MACRO link_level_date(a, b) AS CASE
    WHEN a IS NULL OR b IS NULL THEN 'NULL'
    WHEN a = b THEN 'EXACT'
    WHEN year(a) = year(b) AND month(a) = day(b) AND day(a) = month(b) THEN 'TRANSPOSED'
    WHEN (year(a) = year(b))::INT + (month(a) = month(b))::INT + (day(a) = day(b))::INT = 2 THEN 'TWO_PARTS'
    ELSE 'ELSE' END;
CREATE MACRO link_level_code(a, b) AS CASE
    WHEN a IS NULL OR b IS NULL THEN 'NULL'
    WHEN a = b THEN 'EXACT'
    -- one character changed, or two swapped, or one added or dropped
    -- (hamming first: edit distances are costly on every random pair)
    WHEN length(a) = length(b) THEN CASE
        WHEN hamming(a, b) = 1 THEN 'ONE_EDIT'
        WHEN hamming(a, b) = 2 AND list_sort(string_split(a, '')) = list_sort(string_split(b, '')) THEN 'ONE_EDIT'
        ELSE 'ELSE' END
    WHEN abs(length(a) - length(b)) = 1 AND levenshtein(a, b) = 1 THEN 'ONE_EDIT'
    ELSE 'ELSE' END;
CREATE MACRO link_level_exact(a, b) AS CASE
    WHEN a IS NULL OR b IS NULL THEN 'NULL'
    WHEN a = b THEN 'EXACT'
    ELSE 'ELSE' END;
CREATE MACRO link_level_postcode(a, b) AS CASE
    WHEN a IS NULL OR b IS NULL THEN 'NULL'
    WHEN a = b THEN 'EXACT'
    WHEN split_part(a, ' ', 1) = split_part(b, ' ', 1) THEN 'DISTRICT'
    ELSE 'ELSE' END;
CREATE MACRO link_level_email(a, b) AS CASE
    WHEN a IS NULL OR b IS NULL THEN 'NULL'
    WHEN a = b THEN 'EXACT'
    WHEN split_part(a, '@', 1) = split_part(b, '@', 1) THEN 'LOCAL_PART'
    ELSE 'ELSE' END;

CREATE TABLE quality_run (
    run_id           BIGINT PRIMARY KEY,
    started_at       TIMESTAMP NOT NULL,
    finished_at      TIMESTAMP,
    data_as_of       TIMESTAMP,
    first_quarter    VARCHAR,
    last_quarter     VARCHAR,
    trainee_source   VARCHAR NOT NULL,
    link_threshold   DOUBLE NOT NULL,
    review_threshold DOUBLE NOT NULL,
    match_prior      DOUBLE,
    random_pairs     BIGINT,
    tool_version     VARCHAR
);
COMMENT ON TABLE quality_run IS 'One row per `deanery quality` run: when it ran, which quarters it scored and the linkage settings it used. Every score table carries the run_id, so a run can be compared with earlier ones.';
COMMENT ON COLUMN quality_run.run_id IS 'Run number, 1 for the first run, +1 per run.';
COMMENT ON COLUMN quality_run.started_at IS 'When the run started (UTC).';
COMMENT ON COLUMN quality_run.finished_at IS 'When it finished (UTC); a run that failed leaves no row at all.';
COMMENT ON COLUMN quality_run.data_as_of IS 'The latest file date the warehouse held when the run started: scores describe the data up to then.';
COMMENT ON COLUMN quality_run.first_quarter IS 'First quarter scored (YYYYQn).';
COMMENT ON COLUMN quality_run.last_quarter IS 'Last quarter scored.';
COMMENT ON COLUMN quality_run.trainee_source IS 'Where the deanery values came from: MERGED (extracts merged with updates applied through the interface, domain 5.8) or EXTRACT (latest extract version only, when the warehouse has no merged view).';
COMMENT ON COLUMN quality_run.link_threshold IS 'Match probability at or above which the probabilistic tier makes a link.';
COMMENT ON COLUMN quality_run.review_threshold IS 'Match probability below which a probabilistic link is held for review instead of accepted.';
COMMENT ON COLUMN quality_run.match_prior IS 'Estimated probability that a random trainee and a random ESR person are the same human (the starting odds of the probabilistic tier).';
COMMENT ON COLUMN quality_run.random_pairs IS 'About how many random trainee-person pairs measured how often fields agree by chance (the u probabilities): every pair of a sample of trainees and a sample of persons, each the square root of this.';
COMMENT ON COLUMN quality_run.tool_version IS 'Version of the tool that ran.';

CREATE TABLE quality_trainee_key (
    deanery_code       VARCHAR NOT NULL,
    trainee_id         VARCHAR NOT NULL,
    last_name          VARCHAR,
    previous_last_name VARCHAR,
    first_name         VARCHAR,
    date_of_birth      DATE,
    gender             VARCHAR,
    ni_number          VARCHAR,
    gmc_number         VARCHAR,
    email              VARCHAR,
    postcode           VARCHAR,
    address_line1      VARCHAR,
    input_hash         UBIGINT NOT NULL,
    PRIMARY KEY (deanery_code, trainee_id)
);
COMMENT ON TABLE quality_trainee_key IS 'Each deanery trainee as the linkage compares it (latest run): the deanery''s current values in the comparison forms of domain 8.2.';
COMMENT ON COLUMN quality_trainee_key.deanery_code IS 'Deanery of the trainee record.';
COMMENT ON COLUMN quality_trainee_key.trainee_id IS 'The deanery system''s trainee id.';
COMMENT ON COLUMN quality_trainee_key.last_name IS 'Surname, NAME form (accents dropped, upper-case, letters, digits and spaces only).';
COMMENT ON COLUMN quality_trainee_key.previous_last_name IS 'Previous surname, NAME form.';
COMMENT ON COLUMN quality_trainee_key.first_name IS 'First forename, NAME form.';
COMMENT ON COLUMN quality_trainee_key.date_of_birth IS 'Date of birth.';
COMMENT ON COLUMN quality_trainee_key.gender IS 'M or F; U (unknown) is empty.';
COMMENT ON COLUMN quality_trainee_key.ni_number IS 'NI number without spaces, upper-case.';
COMMENT ON COLUMN quality_trainee_key.gmc_number IS 'GMC number without spaces; placeholders (UNKNOWN, N/A) are empty.';
COMMENT ON COLUMN quality_trainee_key.email IS 'Email, trimmed and lower-case.';
COMMENT ON COLUMN quality_trainee_key.postcode IS 'Postcode, upper-case with one space before the last three characters.';
COMMENT ON COLUMN quality_trainee_key.address_line1 IS 'Address line 1, NAME form.';
COMMENT ON COLUMN quality_trainee_key.input_hash IS 'Hash of the values above: a link whose trainee and person hashes are unchanged since the last run was scored on the same values.';

CREATE TABLE quality_person_key (
    esr_person_number  BIGINT PRIMARY KEY,
    last_name          VARCHAR,
    previous_last_name VARCHAR,
    first_name         VARCHAR,
    date_of_birth      DATE,
    gender             VARCHAR,
    ni_number          VARCHAR,
    gmc_number         VARCHAR,
    email              VARCHAR,
    postcode           VARCHAR,
    address_line1      VARCHAR,
    latest_start       DATE,
    deanery_codes      VARCHAR[],
    input_hash         UBIGINT NOT NULL
);
COMMENT ON TABLE quality_person_key IS 'Each ESR person of the staff extracts (STF, every medical and dental person, trainees or not) as the linkage compares it (latest run): the values of the person''s most recent STF row, in the comparison forms of domain 8.2.';
COMMENT ON COLUMN quality_person_key.esr_person_number IS 'ESR person number.';
COMMENT ON COLUMN quality_person_key.last_name IS 'lastName, NAME form.';
COMMENT ON COLUMN quality_person_key.previous_last_name IS 'previousLastName, NAME form.';
COMMENT ON COLUMN quality_person_key.first_name IS 'firstName, NAME form, first token.';
COMMENT ON COLUMN quality_person_key.date_of_birth IS 'dob.';
COMMENT ON COLUMN quality_person_key.gender IS 'M or F; U is empty.';
COMMENT ON COLUMN quality_person_key.ni_number IS 'niNumber without spaces, upper-case.';
COMMENT ON COLUMN quality_person_key.gmc_number IS 'gmcNumber without spaces; placeholders empty.';
COMMENT ON COLUMN quality_person_key.email IS 'emailAddress, trimmed and lower-case.';
COMMENT ON COLUMN quality_person_key.postcode IS 'postcode in PCODE form.';
COMMENT ON COLUMN quality_person_key.address_line1 IS 'address1, NAME form.';
COMMENT ON COLUMN quality_person_key.latest_start IS 'Start of the person''s latest assignment period in any STF: when one human has two ESR persons, the tool prefers the one with the latest period, as 8.1 does.';
COMMENT ON COLUMN quality_person_key.deanery_codes IS 'Deaneries whose staff extracts hold the person.';
COMMENT ON COLUMN quality_person_key.input_hash IS 'Hash of the values above.';

CREATE TABLE quality_link_candidate (
    deanery_code       VARCHAR NOT NULL,
    trainee_id         VARCHAR NOT NULL,
    esr_person_number  BIGINT NOT NULL,
    rules              VARCHAR[] NOT NULL,
    last_name_level    VARCHAR NOT NULL,
    first_name_level   VARCHAR NOT NULL,
    date_of_birth_level VARCHAR NOT NULL,
    gender_level       VARCHAR NOT NULL,
    ni_number_level    VARCHAR NOT NULL,
    gmc_number_level   VARCHAR NOT NULL,
    email_level        VARCHAR NOT NULL,
    postcode_level     VARCHAR NOT NULL,
    address_line1_level VARCHAR NOT NULL,
    surname_frequency  DOUBLE,
    match_weight       DOUBLE,
    match_probability  DOUBLE,
    PRIMARY KEY (deanery_code, trainee_id, esr_person_number)
);
COMMENT ON TABLE quality_link_candidate IS 'Every trainee-person pair a blocking rule let through to be scored (latest run), with how each field compared and the pair''s match weight and probability. Pairs no rule produced are never scored.';
COMMENT ON COLUMN quality_link_candidate.deanery_code IS 'Deanery of the trainee.';
COMMENT ON COLUMN quality_link_candidate.trainee_id IS 'The trainee.';
COMMENT ON COLUMN quality_link_candidate.esr_person_number IS 'The ESR person.';
COMMENT ON COLUMN quality_link_candidate.rules IS 'The blocking rules that produced the pair (see quality_link_blocking).';
COMMENT ON COLUMN quality_link_candidate.last_name_level IS 'Surname comparison: EXACT, PREVIOUS (one side''s surname is the other''s previous surname), JW92 / JW80 (Jaro-Winkler similarity at least 0.92 / 0.80), ELSE, or NULL (a side empty).';
COMMENT ON COLUMN quality_link_candidate.first_name_level IS 'First forename comparison: EXACT, JW92, JW80, ELSE or NULL.';
COMMENT ON COLUMN quality_link_candidate.date_of_birth_level IS 'Date of birth comparison: EXACT, TRANSPOSED (day and month swapped), TWO_PARTS (two of year, month, day equal), ELSE or NULL.';
COMMENT ON COLUMN quality_link_candidate.gender_level IS 'Gender comparison: EXACT, ELSE or NULL.';
COMMENT ON COLUMN quality_link_candidate.ni_number_level IS 'NI number comparison: EXACT, ONE_EDIT (one character changed, added or dropped, or two characters swapped), ELSE or NULL.';
COMMENT ON COLUMN quality_link_candidate.gmc_number_level IS 'GMC number comparison: EXACT, ONE_EDIT, ELSE or NULL.';
COMMENT ON COLUMN quality_link_candidate.email_level IS 'Email comparison: EXACT, LOCAL_PART (same part before @), ELSE or NULL.';
COMMENT ON COLUMN quality_link_candidate.postcode_level IS 'Postcode comparison: EXACT, DISTRICT (same outward code), ELSE or NULL.';
COMMENT ON COLUMN quality_link_candidate.address_line1_level IS 'Address line 1 comparison: EXACT, JW92, JW80, ELSE or NULL.';
COMMENT ON COLUMN quality_link_candidate.surname_frequency IS 'Share of ESR persons with this surname: an exact agreement on a rare surname counts for more than on a common one (term-frequency adjustment).';
COMMENT ON COLUMN quality_link_candidate.match_weight IS 'Match weight in bits: log2 of the prior odds plus each field''s contribution; 0 means even odds.';
COMMENT ON COLUMN quality_link_candidate.match_probability IS 'Probability that the pair is the same human, from the match weight.';

CREATE TABLE quality_link_blocking (
    run_id      BIGINT NOT NULL,
    rule        VARCHAR NOT NULL,
    rule_order  INTEGER NOT NULL,
    description VARCHAR NOT NULL,
    pairs       BIGINT NOT NULL,
    new_pairs   BIGINT NOT NULL,
    links       BIGINT NOT NULL,
    PRIMARY KEY (run_id, rule)
);
COMMENT ON TABLE quality_link_blocking IS 'Each blocking rule of each run and how many pairs it let through to be scored: the rules are chosen so that a true pair is missed only when it fails all of them.';
COMMENT ON COLUMN quality_link_blocking.run_id IS 'The quality run.';
COMMENT ON COLUMN quality_link_blocking.rule IS 'Rule name.';
COMMENT ON COLUMN quality_link_blocking.rule_order IS 'Order in which the rules are listed.';
COMMENT ON COLUMN quality_link_blocking.description IS 'What a pair must share to pass the rule.';
COMMENT ON COLUMN quality_link_blocking.pairs IS 'Pairs the rule produced.';
COMMENT ON COLUMN quality_link_blocking.new_pairs IS 'Of those, pairs no earlier rule produced.';
COMMENT ON COLUMN quality_link_blocking.links IS 'Links made (any tier) whose pair the rule produced.';

CREATE TABLE quality_link_parameter (
    run_id  BIGINT NOT NULL,
    field   VARCHAR NOT NULL,
    level   VARCHAR NOT NULL,
    m       DOUBLE NOT NULL,
    u       DOUBLE NOT NULL,
    weight  DOUBLE NOT NULL,
    PRIMARY KEY (run_id, field, level)
);
COMMENT ON TABLE quality_link_parameter IS 'The probabilistic model of each run (Fellegi-Sunter): for each field and comparison level, how often true pairs (m) and random pairs (u) compare so, and the evidence that gives. No labels are used: u comes from random pairs, m from expectation-maximisation over the blocked pairs.';
COMMENT ON COLUMN quality_link_parameter.run_id IS 'The quality run.';
COMMENT ON COLUMN quality_link_parameter.field IS 'The field compared (last_name, first_name, date_of_birth, gender, ni_number, gmc_number, email, postcode, address_line1).';
COMMENT ON COLUMN quality_link_parameter.level IS 'The comparison level (see quality_link_candidate); NULL levels carry no evidence and are not listed.';
COMMENT ON COLUMN quality_link_parameter.m IS 'Share of true pairs with both values present that compare at this level.';
COMMENT ON COLUMN quality_link_parameter.u IS 'Share of random pairs with both values present that compare at this level.';
COMMENT ON COLUMN quality_link_parameter.weight IS 'log2(m / u): bits of evidence for (positive) or against (negative) a match. For an exact surname the u of the surname''s own frequency replaces this average.';

CREATE TABLE quality_person_link (
    link_id           VARCHAR PRIMARY KEY,
    deanery_code      VARCHAR NOT NULL,
    trainee_id        VARCHAR NOT NULL,
    esr_person_number BIGINT NOT NULL,
    tier              VARCHAR NOT NULL,
    status            VARCHAR NOT NULL,
    match_weight      DOUBLE,
    match_probability DOUBLE,
    run_id            BIGINT NOT NULL,
    first_run_id      BIGINT NOT NULL,
    changed_run_id    BIGINT NOT NULL,
    input_hash        UBIGINT NOT NULL
);
COMMENT ON TABLE quality_person_link IS 'The person links of domain 8.1 (latest run): each deanery trainee linked to at most one ESR person, one-to-one within a deanery. Links with status REVIEW are held for a person to check and are not used by the scores.';
COMMENT ON COLUMN quality_person_link.link_id IS 'Stable link id: a hash of the deanery and trainee id, the same in every run.';
COMMENT ON COLUMN quality_person_link.deanery_code IS 'Deanery of the trainee.';
COMMENT ON COLUMN quality_person_link.trainee_id IS 'The trainee.';
COMMENT ON COLUMN quality_person_link.esr_person_number IS 'The ESR person linked.';
COMMENT ON COLUMN quality_person_link.tier IS 'How the link was made: ASSIGNMENT_ID (ESR returned an assignment of this person for one of the trainee''s placements), GMC_DOB (same GMC number and date of birth), NI_DOB (same NI number and date of birth) or PROBABILISTIC.';
COMMENT ON COLUMN quality_person_link.status IS 'ACCEPTED, or REVIEW for a probabilistic link whose probability is below the run''s review threshold.';
COMMENT ON COLUMN quality_person_link.match_weight IS 'The probabilistic model''s match weight for the pair (also shown for key-based links, as a cross-check).';
COMMENT ON COLUMN quality_person_link.match_probability IS 'The model''s probability that the pair is the same human.';
COMMENT ON COLUMN quality_person_link.run_id IS 'The run that wrote this row.';
COMMENT ON COLUMN quality_person_link.first_run_id IS 'The first run that made this link (same trainee, same person).';
COMMENT ON COLUMN quality_person_link.changed_run_id IS 'The last run that changed the link''s person, tier or status, or saw its trainee''s or person''s values change.';
COMMENT ON COLUMN quality_person_link.input_hash IS 'Hash of the trainee''s and the person''s compared values when the link was last scored.';

CREATE TABLE quality_link_contribution (
    link_id VARCHAR NOT NULL,
    field   VARCHAR NOT NULL,
    level   VARCHAR NOT NULL,
    weight  DOUBLE NOT NULL,
    PRIMARY KEY (link_id, field)
);
COMMENT ON TABLE quality_link_contribution IS 'For each person link (latest run), what each field contributed to its match weight: the comparison level and the bits of evidence it gave.';
COMMENT ON COLUMN quality_link_contribution.link_id IS 'The link (quality_person_link).';
COMMENT ON COLUMN quality_link_contribution.field IS 'The field compared.';
COMMENT ON COLUMN quality_link_contribution.level IS 'How it compared (see quality_link_candidate).';
COMMENT ON COLUMN quality_link_contribution.weight IS 'Bits of evidence: positive for a match, negative against, 0 when a side is empty.';

CREATE TABLE quality_link_proposal (
    deanery_code      VARCHAR NOT NULL,
    trainee_id        VARCHAR NOT NULL,
    esr_person_number BIGINT NOT NULL,
    tier              VARCHAR NOT NULL,
    priority          INTEGER NOT NULL,
    strength          DOUBLE NOT NULL,
    chosen            BOOLEAN NOT NULL DEFAULT false
);
COMMENT ON TABLE quality_link_proposal IS 'Every link the tiers proposed in the latest run, before the one-to-one rule picked among them: key tiers first, then the probabilistic pairs above the link threshold, each time the strongest proposal whose trainee and person are both still free in the deanery.';
COMMENT ON COLUMN quality_link_proposal.deanery_code IS 'Deanery of the trainee.';
COMMENT ON COLUMN quality_link_proposal.trainee_id IS 'The trainee.';
COMMENT ON COLUMN quality_link_proposal.esr_person_number IS 'The ESR person proposed.';
COMMENT ON COLUMN quality_link_proposal.tier IS 'ASSIGNMENT_ID, GMC_DOB, NI_DOB or PROBABILISTIC.';
COMMENT ON COLUMN quality_link_proposal.priority IS 'Order of the tier: 1 to 4, lower is stronger.';
COMMENT ON COLUMN quality_link_proposal.strength IS 'Order within the tier, higher is stronger: for the assignment tier the latest confirmation date, for GMC and NI the start of the person''s latest period, for the probabilistic tier the match weight.';
COMMENT ON COLUMN quality_link_proposal.chosen IS 'True when the proposal became the link.';

-- The deanery's own values of each trainee field over time, from the
-- extracts only: the fallback of trainee_field_value (which also merges the
-- updates applied through the interface) for a warehouse without it.
CREATE VIEW quality_trainee_extract_value AS
WITH ext AS (
    SELECT * FROM (
        SELECT deanery_code, trainee_id, modified_at, file_name, line_number,
               title, forenames, surname, previous_surname, CAST(date_of_birth AS VARCHAR) AS date_of_birth,
               gender, ni_number, gmc_number, email, mobile_tel, home_tel, address1, address2, address3,
               town, postcode, country
        FROM trainee_version
    ) UNPIVOT INCLUDE NULLS (value FOR field IN (title, forenames, surname, previous_surname, date_of_birth,
        gender, ni_number, gmc_number, email, mobile_tel, home_tel, address1, address2, address3, town,
        postcode, country))
),
changes AS (
    SELECT * FROM (
        SELECT *, lag(value) OVER w AS prev, row_number() OVER w AS n
        FROM ext WINDOW w AS (PARTITION BY deanery_code, trainee_id, field ORDER BY modified_at, file_name, line_number)
    ) WHERE n = 1 OR value IS DISTINCT FROM prev
)
SELECT deanery_code, trainee_id, field, value, modified_at AS valid_from,
       lead(modified_at) OVER (PARTITION BY deanery_code, trainee_id, field ORDER BY modified_at, file_name, line_number) AS valid_to,
       'EXTRACT' AS source, file_name
FROM changes;
COMMENT ON VIEW quality_trainee_extract_value IS 'The deanery''s value of every trainee field over time from the extracts alone (each change valid from its modified_at until the next). Quality uses it only when the warehouse lacks trainee_field_value, which also merges updates applied through the interface.';
COMMENT ON COLUMN quality_trainee_extract_value.deanery_code IS 'The deanery.';
COMMENT ON COLUMN quality_trainee_extract_value.trainee_id IS 'The trainee.';
COMMENT ON COLUMN quality_trainee_extract_value.field IS 'The field (trainee_version column name).';
COMMENT ON COLUMN quality_trainee_extract_value.value IS 'Its value from valid_from (dates as YYYY-MM-DD; empty = no value).';
COMMENT ON COLUMN quality_trainee_extract_value.valid_from IS 'The modified_at of the extract version that set it.';
COMMENT ON COLUMN quality_trainee_extract_value.valid_to IS 'When the next value took effect; empty while current.';
COMMENT ON COLUMN quality_trainee_extract_value.source IS 'Always EXTRACT.';
COMMENT ON COLUMN quality_trainee_extract_value.file_name IS 'The extract file of the version.';

CREATE TABLE quality_link_estimate (
    run_id                  BIGINT NOT NULL,
    deanery_code            VARCHAR NOT NULL,
    trainees                BIGINT NOT NULL,
    population              BIGINT NOT NULL,
    links                   BIGINT NOT NULL,
    key_links               BIGINT NOT NULL,
    probabilistic_links     BIGINT NOT NULL,
    review_links            BIGINT NOT NULL,
    expected_false_matches  DOUBLE NOT NULL,
    false_match_rate        DOUBLE,
    expected_missed_matches DOUBLE NOT NULL,
    missed_match_rate       DOUBLE,
    PRIMARY KEY (run_id, deanery_code)
);
COMMENT ON TABLE quality_link_estimate IS 'How wrong the person linkage probably is, per deanery and run, estimated from the model''s own probabilities without any labelled answer: a link of probability 0.97 is wrong 3 times in 100, and a trainee left unlinked whose best candidate has probability 0.4 is missed 4 times in 10. Counted over the trainees of any quarter''s person population. ALL = every deanery.';
COMMENT ON COLUMN quality_link_estimate.run_id IS 'The quality run.';
COMMENT ON COLUMN quality_link_estimate.deanery_code IS 'Deanery, or ALL.';
COMMENT ON COLUMN quality_link_estimate.trainees IS 'Trainee records of the deanery.';
COMMENT ON COLUMN quality_link_estimate.population IS 'Those in any quarter''s person population (an approved, not withdrawn placement of a type sent to ESR).';
COMMENT ON COLUMN quality_link_estimate.links IS 'Accepted links of the population''s trainees.';
COMMENT ON COLUMN quality_link_estimate.key_links IS 'Of those, links made by a key (assignment id, GMC or NI number with date of birth).';
COMMENT ON COLUMN quality_link_estimate.probabilistic_links IS 'Of those, links made by the probabilistic tier.';
COMMENT ON COLUMN quality_link_estimate.review_links IS 'Probabilistic links held for review (not counted as links).';
COMMENT ON COLUMN quality_link_estimate.expected_false_matches IS 'Sum over accepted probabilistic links of the chance the link is wrong (1 - probability); links made by a key are taken as right.';
COMMENT ON COLUMN quality_link_estimate.false_match_rate IS 'Estimated share of links that are wrong: expected_false_matches / links (1 - precision).';
COMMENT ON COLUMN quality_link_estimate.expected_missed_matches IS 'Sum over unlinked trainees (and review links) of the chance that one of their candidates is their ESR person.';
COMMENT ON COLUMN quality_link_estimate.missed_match_rate IS 'Estimated share of true links the tool did not make (1 - recall).';

-- The quarters a run scores, with their first and last days; a value "at
-- the quarter end" is the one in force at the end of its last day, that
-- is before next_day.
CREATE MACRO quality_quarters(rid) AS TABLE
SELECT strftime(d, '%Y') || 'Q' || quarter(d) AS quarter, CAST(d AS DATE) AS first_day,
       CAST(d + INTERVAL 3 MONTH - INTERVAL 1 DAY AS DATE) AS last_day,
       CAST(d + INTERVAL 3 MONTH AS TIMESTAMP) AS next_day
FROM quality_run r,
     range(make_date(CAST(left(r.first_quarter, 4) AS INTEGER), CAST(right(r.first_quarter, 1) AS INTEGER) * 3 - 2, 1),
           make_date(CAST(left(r.last_quarter, 4) AS INTEGER), CAST(right(r.last_quarter, 1) AS INTEGER) * 3 - 2, 1) + INTERVAL 1 DAY,
           INTERVAL 3 MONTH) AS t(d)
WHERE r.run_id = rid;

CREATE TABLE quality_person_population (
    quarter      VARCHAR NOT NULL,
    deanery_code VARCHAR NOT NULL,
    trainee_id   VARCHAR NOT NULL,
    trust_code   VARCHAR,
    PRIMARY KEY (quarter, deanery_code, trainee_id)
);
COMMENT ON TABLE quality_person_population IS 'The trainees each quarter''s person scores cover (domain 8.3, latest run): those with an approved, not withdrawn placement of a type sent to ESR overlapping the quarter, as the deanery held it at the quarter end.';
COMMENT ON COLUMN quality_person_population.quarter IS 'The quarter (YYYYQn).';
COMMENT ON COLUMN quality_person_population.deanery_code IS 'Deanery of the trainee.';
COMMENT ON COLUMN quality_person_population.trainee_id IS 'The trainee.';
COMMENT ON COLUMN quality_person_population.trust_code IS 'The trust the trainee counts for: lead employer of the post of their latest-starting placement overlapping the quarter.';
