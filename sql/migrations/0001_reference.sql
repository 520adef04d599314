-- Reference data (domain 2 and 7.12): what the central team knows about
-- deaneries, trusts, sites and which trusts are live on the interface.
-- Each load of the configuration replaces these tables whole.

CREATE TABLE deanery (
    deanery_code VARCHAR PRIMARY KEY,
    name         VARCHAR NOT NULL,
    letb_name    VARCHAR,
    system       VARCHAR NOT NULL
);
COMMENT ON TABLE deanery IS 'One row per deanery (LETB since 2013) of England and Wales, from config/deaneries.csv.';
COMMENT ON COLUMN deanery.deanery_code IS 'Three-letter code used in interface file names, e.g. OXF; Wales is WAL.';
COMMENT ON COLUMN deanery.name IS 'Deanery name as it was until 2013.';
COMMENT ON COLUMN deanery.letb_name IS 'Local Education and Training Board name from 2013.';
COMMENT ON COLUMN deanery.system IS 'Deanery system the deanery runs: INTREPID (Hicom) or EMPOWER (Northgate).';

CREATE TABLE trust (
    trust_code   VARCHAR PRIMARY KEY,
    name         VARCHAR NOT NULL,
    vpd_code     VARCHAR NOT NULL,
    deanery_code VARCHAR NOT NULL,
    kind         VARCHAR
);
COMMENT ON TABLE trust IS 'One row per employing organisation (trust), from config/trusts.csv.';
COMMENT ON COLUMN trust.trust_code IS 'ODS-style trust code, R plus two characters, e.g. RBD.';
COMMENT ON COLUMN trust.name IS 'Trust name.';
COMMENT ON COLUMN trust.vpd_code IS 'The trust''s ESR partition (VPD), three digits kept as text, e.g. 057.';
COMMENT ON COLUMN trust.deanery_code IS 'The deanery the trust belongs to.';
COMMENT ON COLUMN trust.kind IS 'ACUTE_TEACHING, ACUTE, MENTAL_HEALTH, COMMUNITY or GP_LEAD_EMPLOYER.';

CREATE TABLE site (
    site_code  VARCHAR PRIMARY KEY,
    trust_code VARCHAR NOT NULL,
    name       VARCHAR,
    kind       VARCHAR
);
COMMENT ON TABLE site IS 'One row per site of a trust (hospital, community site or GP training practice), from config/sites.csv.';
COMMENT ON COLUMN site.site_code IS 'Trust code plus two digits, e.g. R7H01; 50-99 are GP practices of the lead employer.';
COMMENT ON COLUMN site.trust_code IS 'The trust that owns the site.';
COMMENT ON COLUMN site.name IS 'Site name.';
COMMENT ON COLUMN site.kind IS 'HOSPITAL, COMMUNITY or GP_PRACTICE.';

CREATE TABLE interface_pair (
    deanery_code          VARCHAR NOT NULL,
    trust_code            VARCHAR NOT NULL,
    recruitment_live_from DATE,
    full_records_from     DATE,
    PRIMARY KEY (deanery_code, trust_code)
);
COMMENT ON TABLE interface_pair IS 'Which trust is live on the interfaces with its deanery, and since when, from config/interface_pairs.csv.';
COMMENT ON COLUMN interface_pair.deanery_code IS 'The deanery.';
COMMENT ON COLUMN interface_pair.trust_code IS 'The trust.';
COMMENT ON COLUMN interface_pair.recruitment_live_from IS 'First day the trust takes new trainees through the recruitment interface; empty = never live (hires keyed by hand).';
COMMENT ON COLUMN interface_pair.full_records_from IS 'First day ESR person changes flow back to the deanery (Full Records); empty = Part Records only.';
