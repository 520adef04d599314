-- The deanery side (domain 4, 7.10): every row version the deanery systems'
-- change-log extracts delivered, whichever supplier layout they came in.
-- A version is valid from its modified_at until the next version's.

CREATE TABLE trainee_version (
    deanery_code     VARCHAR NOT NULL,
    trainee_id       VARCHAR NOT NULL,
    title            VARCHAR,
    forenames        VARCHAR,
    surname          VARCHAR,
    previous_surname VARCHAR,
    date_of_birth    DATE,
    gender           VARCHAR,
    ni_number        VARCHAR,
    gmc_number       VARCHAR,
    ntn              VARCHAR,
    email            VARCHAR,
    mobile_tel       VARCHAR,
    home_tel         VARCHAR,
    address1         VARCHAR,
    address2         VARCHAR,
    address3         VARCHAR,
    town             VARCHAR,
    postcode         VARCHAR,
    country          VARCHAR,
    nationality      VARCHAR,
    modified_at      TIMESTAMP NOT NULL,
    deleted          BOOLEAN NOT NULL,
    file_name        VARCHAR NOT NULL,
    line_number      INTEGER NOT NULL
);
COMMENT ON TABLE trainee_version IS 'Every version of every trainee record the deanery system exported; the latest version with modified_at on or before a time is the deanery''s record then.';
COMMENT ON COLUMN trainee_version.deanery_code IS 'Deanery whose system holds the record.';
COMMENT ON COLUMN trainee_version.trainee_id IS 'The deanery system''s trainee id (Intrepid: 9 digits; Empower: EMP plus 7 digits).';
COMMENT ON COLUMN trainee_version.title IS 'Title as held (Dr, Mr, Mrs, Ms, Miss, Mx, Prof).';
COMMENT ON COLUMN trainee_version.forenames IS 'All forenames, as held, space separated.';
COMMENT ON COLUMN trainee_version.surname IS 'Surname as held; never re-cased.';
COMMENT ON COLUMN trainee_version.previous_surname IS 'Previous surname, if any.';
COMMENT ON COLUMN trainee_version.date_of_birth IS 'Date of birth; empty when missing or unreadable (see value_flag).';
COMMENT ON COLUMN trainee_version.gender IS 'M, F or U (unknown).';
COMMENT ON COLUMN trainee_version.ni_number IS 'National Insurance number, normalised; an invalid one is kept and flagged in value_flag.';
COMMENT ON COLUMN trainee_version.gmc_number IS 'GMC registration number, 7 digits; placeholders such as UNKNOWN become empty and are flagged.';
COMMENT ON COLUMN trainee_version.ntn IS 'National Training Number.';
COMMENT ON COLUMN trainee_version.email IS 'Email address, trimmed and lower-cased.';
COMMENT ON COLUMN trainee_version.mobile_tel IS 'Mobile telephone.';
COMMENT ON COLUMN trainee_version.home_tel IS 'Home telephone.';
COMMENT ON COLUMN trainee_version.address1 IS 'Address line 1.';
COMMENT ON COLUMN trainee_version.address2 IS 'Address line 2.';
COMMENT ON COLUMN trainee_version.address3 IS 'Address line 3.';
COMMENT ON COLUMN trainee_version.town IS 'Town or city.';
COMMENT ON COLUMN trainee_version.postcode IS 'Postcode as held (not normalised; problems are flagged in value_flag).';
COMMENT ON COLUMN trainee_version.country IS 'Country, ISO 3166-1 alpha-2.';
COMMENT ON COLUMN trainee_version.nationality IS 'Nationality, ISO 3166-1 alpha-2.';
COMMENT ON COLUMN trainee_version.modified_at IS 'When the deanery system saved this version (UK local time).';
COMMENT ON COLUMN trainee_version.deleted IS 'True once the record is deleted (Intrepid Deleted, Empower ARCHIVED).';
COMMENT ON COLUMN trainee_version.file_name IS 'Extract file the version came from.';
COMMENT ON COLUMN trainee_version.line_number IS 'Line of that file.';

CREATE TABLE post_version (
    deanery_code     VARCHAR NOT NULL,
    post_id          VARCHAR NOT NULL,
    dpn              VARCHAR,
    lead_trust_code  VARCHAR,
    host_trust_codes VARCHAR[],
    site_code        VARCHAR,
    specialty_code   VARCHAR,
    approved_grade   VARCHAR,
    npn_grade        VARCHAR,
    status           VARCHAR,
    modified_at      TIMESTAMP NOT NULL,
    file_name        VARCHAR NOT NULL,
    line_number      INTEGER NOT NULL
);
COMMENT ON TABLE post_version IS 'Every version of every training post the deanery system exported.';
COMMENT ON COLUMN post_version.deanery_code IS 'Deanery whose system holds the post.';
COMMENT ON COLUMN post_version.post_id IS 'The deanery system''s post id.';
COMMENT ON COLUMN post_version.dpn IS 'Deanery (Training) Post Number, the key that joins the post to ESR positions, e.g. OXF/R7H01/140/STR/004.';
COMMENT ON COLUMN post_version.lead_trust_code IS 'Trust that employs trainees in the post (Lead Employer).';
COMMENT ON COLUMN post_version.host_trust_codes IS 'Trusts that host the post without being its lead employer.';
COMMENT ON COLUMN post_version.site_code IS 'Site of the post.';
COMMENT ON COLUMN post_version.specialty_code IS 'Specialty code (800 = General Practice).';
COMMENT ON COLUMN post_version.approved_grade IS 'Approved grade of the post (F1, F2, CT1, ST3, GPST1, ...).';
COMMENT ON COLUMN post_version.npn_grade IS 'DPN grade part derived from the approved grade (FY1, F2, LT, STR, HT, GPST); never read from extracts.';
COMMENT ON COLUMN post_version.status IS 'CURRENT or INACTIVE.';
COMMENT ON COLUMN post_version.modified_at IS 'When the deanery system saved this version.';
COMMENT ON COLUMN post_version.file_name IS 'Extract file the version came from.';
COMMENT ON COLUMN post_version.line_number IS 'Line of that file.';

CREATE TABLE placement_version (
    deanery_code    VARCHAR NOT NULL,
    placement_id    VARCHAR NOT NULL,
    trainee_id      VARCHAR,
    post_id         VARCHAR,
    site_code       VARCHAR,
    grade           VARCHAR,
    specialty_code  VARCHAR,
    start_date      DATE,
    end_date        DATE,
    wte             DECIMAL(5,2),
    placement_type  VARCHAR,
    lifecycle_state VARCHAR,
    created_at      TIMESTAMP,
    modified_at     TIMESTAMP NOT NULL,
    withdrawn       BOOLEAN NOT NULL,
    file_name       VARCHAR NOT NULL,
    line_number     INTEGER NOT NULL
);
COMMENT ON TABLE placement_version IS 'Every version of every placement (a trainee in a post for a period) the deanery system exported.';
COMMENT ON COLUMN placement_version.deanery_code IS 'Deanery whose system holds the placement.';
COMMENT ON COLUMN placement_version.placement_id IS 'The deanery system''s placement id; sent to ESR as deaneryPlacementId.';
COMMENT ON COLUMN placement_version.trainee_id IS 'The trainee placed.';
COMMENT ON COLUMN placement_version.post_id IS 'The post the trainee fills.';
COMMENT ON COLUMN placement_version.site_code IS 'Site where the trainee works.';
COMMENT ON COLUMN placement_version.grade IS 'Grade of the trainee in this placement.';
COMMENT ON COLUMN placement_version.specialty_code IS 'Specialty of the placement.';
COMMENT ON COLUMN placement_version.start_date IS 'First day of the placement.';
COMMENT ON COLUMN placement_version.end_date IS 'Last day of the placement (inclusive).';
COMMENT ON COLUMN placement_version.wte IS 'Whole-time equivalent, 0.10 to 1.00 (Empower FTE_PCT divided by 100).';
COMMENT ON COLUMN placement_version.placement_type IS 'IN_POST, PARENTAL_LEAVE, OOPR, ...; out-of-programme types are never sent to ESR.';
COMMENT ON COLUMN placement_version.lifecycle_state IS 'DRAFT or APPROVED; only approved placements are sent.';
COMMENT ON COLUMN placement_version.created_at IS 'When the placement was created in the deanery system.';
COMMENT ON COLUMN placement_version.modified_at IS 'When the deanery system saved this version.';
COMMENT ON COLUMN placement_version.withdrawn IS 'True once the placement is withdrawn (Intrepid Deleted, Empower CANCELLED).';
COMMENT ON COLUMN placement_version.file_name IS 'Extract file the version came from.';
COMMENT ON COLUMN placement_version.line_number IS 'Line of that file.';

CREATE VIEW trainee AS
SELECT * EXCLUDE (rn) FROM (
    SELECT *, row_number() OVER (PARTITION BY deanery_code, trainee_id ORDER BY modified_at DESC, file_name DESC, line_number DESC) AS rn
    FROM trainee_version
) WHERE rn = 1;
COMMENT ON VIEW trainee IS 'The latest extract version of each trainee (updates applied through the interface are not merged here).';

CREATE VIEW post AS
SELECT * EXCLUDE (rn) FROM (
    SELECT *, row_number() OVER (PARTITION BY deanery_code, post_id ORDER BY modified_at DESC, file_name DESC, line_number DESC) AS rn
    FROM post_version
) WHERE rn = 1;
COMMENT ON VIEW post IS 'The latest extract version of each post.';

CREATE VIEW placement AS
SELECT * EXCLUDE (rn) FROM (
    SELECT *, row_number() OVER (PARTITION BY deanery_code, placement_id ORDER BY modified_at DESC, file_name DESC, line_number DESC) AS rn
    FROM placement_version
) WHERE rn = 1;
COMMENT ON VIEW placement IS 'The latest extract version of each placement.';

CREATE VIEW post_employer AS
SELECT deanery_code, post_id, lead_trust_code AS trust_code, 'LEAD' AS role FROM post WHERE lead_trust_code IS NOT NULL
UNION ALL
SELECT deanery_code, post_id, unnest(host_trust_codes) AS trust_code, 'HOST' AS role FROM post;
COMMENT ON VIEW post_employer IS 'The employing trusts of each post as they stand now: exactly one LEAD and zero or more HOST.';
COMMENT ON COLUMN post_employer.deanery_code IS 'Deanery of the post.';
COMMENT ON COLUMN post_employer.post_id IS 'The post.';
COMMENT ON COLUMN post_employer.trust_code IS 'An employing trust of the post.';
COMMENT ON COLUMN post_employer.role IS 'LEAD (the lead employer, exactly one) or HOST.';
