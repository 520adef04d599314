-- The exchange hub (domain 5): what the deanery sent to ESR and why, what
-- it made of ESR's answers and updates, and how a replayed history compared
-- with the files a world delivered. The interface files themselves load
-- through the loader (app_record, apc_record, ...); these tables tie each
-- record to the placement, position and run it belongs to.
--
-- The table macros *_at(t) give the deanery's state as of a time t (an
-- extract row version counts from its modified_at; an ESR file from its
-- header createdAt), so "as of D 17:00" is a filter, never a copy.

CREATE TABLE exchange_run (
    deanery_code          VARCHAR NOT NULL,
    run_date              DATE NOT NULL,
    as_of                 TIMESTAMP NOT NULL,
    full_notifications    BOOLEAN NOT NULL,
    cap_active            BOOLEAN NOT NULL,
    quarantines_found     INTEGER NOT NULL,
    app_file_name         VARCHAR,
    app_records           INTEGER NOT NULL,
    app_deferred          INTEGER NOT NULL,
    notification_file_name VARCHAR,
    notification_records  INTEGER NOT NULL,
    expected_failures     INTEGER NOT NULL,
    built_at              TIMESTAMP NOT NULL,
    PRIMARY KEY (deanery_code, run_date)
);
COMMENT ON TABLE exchange_run IS 'One row per deanery and run date of the recruitment exchange (domain 5.1, 5.2, 5.7): the files it wrote and what they held.';
COMMENT ON COLUMN exchange_run.deanery_code IS 'The deanery whose files were built.';
COMMENT ON COLUMN exchange_run.run_date IS 'Run date D, a working day.';
COMMENT ON COLUMN exchange_run.as_of IS 'The deanery state the files were built from: D 17:00, UK local time.';
COMMENT ON COLUMN exchange_run.full_notifications IS 'True on the deanery''s first run (go-live day): a DNF with one type 1 per reconciled post replaced the DNC.';
COMMENT ON COLUMN exchange_run.cap_active IS 'True once a quarantine of the deanery was inferred: each DPN is capped at 40 APP records per file (5.2).';
COMMENT ON COLUMN exchange_run.quarantines_found IS 'APP files inferred quarantined at the start of this run (no APC named one of their records).';
COMMENT ON COLUMN exchange_run.app_file_name IS 'The APP file written, empty when there was no record to send.';
COMMENT ON COLUMN exchange_run.app_records IS 'APP records written.';
COMMENT ON COLUMN exchange_run.app_deferred IS 'APP records held back by the cap of 40 per DPN, to be rebuilt at the next run.';
COMMENT ON COLUMN exchange_run.notification_file_name IS 'The DNC or DNF file written, empty when there was none.';
COMMENT ON COLUMN exchange_run.notification_records IS 'Notification records written.';
COMMENT ON COLUMN exchange_run.expected_failures IS 'APP records ESR is expected to refuse (app_expected_failure), reported before sending.';
COMMENT ON COLUMN exchange_run.built_at IS 'When the hub built the files (UTC).';

CREATE TABLE app_send (
    file_name       VARCHAR NOT NULL,
    ordinal         INTEGER NOT NULL,
    deanery_code    VARCHAR NOT NULL,
    run_date        DATE NOT NULL,
    placement_id    VARCHAR NOT NULL,
    trainee_id      VARCHAR NOT NULL,
    post_id         VARCHAR NOT NULL,
    dpn             VARCHAR NOT NULL,
    position_id     BIGINT NOT NULL,
    position_number VARCHAR,
    start_date      DATE NOT NULL,
    end_date        DATE,
    resend          BOOLEAN NOT NULL,
    payload         VARCHAR NOT NULL,
    PRIMARY KEY (file_name, ordinal)
);
COMMENT ON TABLE app_send IS 'Every APP record the hub sent (domain entity app_send): the placement and position it carries, tied to ESR''s answer by file and ordinal (APC esrVacancyId).';
COMMENT ON COLUMN app_send.file_name IS 'The APP file.';
COMMENT ON COLUMN app_send.ordinal IS 'Position of the record in the file, 1 = first after the HDR; the APC names it as esrVacancyId.';
COMMENT ON COLUMN app_send.deanery_code IS 'The sending deanery.';
COMMENT ON COLUMN app_send.run_date IS 'Run date (effectiveDate) of the file.';
COMMENT ON COLUMN app_send.placement_id IS 'The placement sent (deaneryPlacementId).';
COMMENT ON COLUMN app_send.trainee_id IS 'The placement''s trainee.';
COMMENT ON COLUMN app_send.post_id IS 'The placement''s post.';
COMMENT ON COLUMN app_send.dpn IS 'The post''s DPN as sent (deaneryNumber).';
COMMENT ON COLUMN app_send.position_id IS 'ESR position the record asks ESR to fill (one record per reconciled position: the fan-out of 5.2).';
COMMENT ON COLUMN app_send.position_number IS 'ESR position number sent.';
COMMENT ON COLUMN app_send.start_date IS 'Placement start sent (projectedHireDate).';
COMMENT ON COLUMN app_send.end_date IS 'Placement end sent (projectedEndDate).';
COMMENT ON COLUMN app_send.resend IS 'True when the (placement, position) pair had been sent before: after an APC FAIL with a changed record, or after a quarantine.';
COMMENT ON COLUMN app_send.payload IS 'Fields 3 to 33 of the record as written, separated by U+001F: what a re-send is compared with (effectiveDate excluded).';

CREATE TABLE app_quarantine (
    file_name          VARCHAR NOT NULL PRIMARY KEY,
    deanery_code       VARCHAR NOT NULL,
    file_date          DATE NOT NULL,
    detected_run_date  DATE NOT NULL,
    records            INTEGER NOT NULL,
    unanswered_records INTEGER NOT NULL,
    max_records_per_dpn INTEGER NOT NULL
);
COMMENT ON TABLE app_quarantine IS 'APP files inferred quarantined by ESR (domain 5.2, 5.11): a record of the file had no APC by the next run. From then on the deanery caps each DPN at 40 records per file.';
COMMENT ON COLUMN app_quarantine.file_name IS 'The APP file.';
COMMENT ON COLUMN app_quarantine.deanery_code IS 'Its deanery.';
COMMENT ON COLUMN app_quarantine.file_date IS 'Its file date.';
COMMENT ON COLUMN app_quarantine.detected_run_date IS 'The run that inferred the quarantine and re-sent its records.';
COMMENT ON COLUMN app_quarantine.records IS 'Records in the file.';
COMMENT ON COLUMN app_quarantine.unanswered_records IS 'Records no APC named.';
COMMENT ON COLUMN app_quarantine.max_records_per_dpn IS 'Largest number of records for one DPN in the file (above 40 is why ESR quarantines).';

CREATE TABLE app_expected_failure (
    file_name    VARCHAR NOT NULL,
    ordinal      INTEGER,
    deanery_code VARCHAR NOT NULL,
    run_date     DATE NOT NULL,
    placement_id VARCHAR,
    position_id  BIGINT,
    dpn          VARCHAR,
    reason_code  VARCHAR NOT NULL,
    message      VARCHAR NOT NULL
);
COMMENT ON TABLE app_expected_failure IS 'What the hub expected ESR to refuse before it sent a file: APP records failing a check of 5.2 that the deanery can make itself, and DPNs over 40 records (the whole file would be quarantined).';
COMMENT ON COLUMN app_expected_failure.file_name IS 'The APP file.';
COMMENT ON COLUMN app_expected_failure.ordinal IS 'The record, empty for a file-level finding (DPN_OVER_40).';
COMMENT ON COLUMN app_expected_failure.deanery_code IS 'The sending deanery.';
COMMENT ON COLUMN app_expected_failure.run_date IS 'Run date of the file.';
COMMENT ON COLUMN app_expected_failure.placement_id IS 'The placement of the record.';
COMMENT ON COLUMN app_expected_failure.position_id IS 'The position of the record.';
COMMENT ON COLUMN app_expected_failure.dpn IS 'The DPN concerned.';
COMMENT ON COLUMN app_expected_failure.reason_code IS 'MANDATORY_MISSING, BAD_FORMAT, NI_INVALID, DATE_ORDER, DUPLICATE_IN_FILE (ESR''s reason codes, first failure wins) or DPN_OVER_40.';
COMMENT ON COLUMN app_expected_failure.message IS 'The finding in words; no personal value is shown.';

CREATE TABLE notification_send (
    file_name         VARCHAR NOT NULL,
    ordinal           INTEGER NOT NULL,
    deanery_code      VARCHAR NOT NULL,
    run_date          DATE NOT NULL,
    notification_type INTEGER NOT NULL,
    post_id           VARCHAR NOT NULL,
    dpn               VARCHAR NOT NULL,
    placement_id      VARCHAR,
    start_date        DATE,
    end_date          DATE,
    PRIMARY KEY (file_name, ordinal)
);
COMMENT ON TABLE notification_send IS 'Every notification the hub sent in a DNC or DNF file (domain 5.7, entity notification): the post and placement concerned, tied to ESR''s DCC answer by file and ordinal.';
COMMENT ON COLUMN notification_send.file_name IS 'The DNC or DNF file.';
COMMENT ON COLUMN notification_send.ordinal IS 'Position of the record in the file, 1 = first after the HDR.';
COMMENT ON COLUMN notification_send.deanery_code IS 'The sending deanery.';
COMMENT ON COLUMN notification_send.run_date IS 'Run date of the file.';
COMMENT ON COLUMN notification_send.notification_type IS '1 rotation, 2 withdrawal, 4 date change, 5 new post.';
COMMENT ON COLUMN notification_send.post_id IS 'The post notified.';
COMMENT ON COLUMN notification_send.dpn IS 'Its DPN.';
COMMENT ON COLUMN notification_send.placement_id IS 'The placement concerned (field 31), empty for type 5 and for a DNF post with no current or next placement.';
COMMENT ON COLUMN notification_send.start_date IS 'Type 4: the placement start sent; with the end, the dates a later date change is judged against.';
COMMENT ON COLUMN notification_send.end_date IS 'Type 4: the placement end sent.';

CREATE TABLE exchange_difference (
    run_date     DATE NOT NULL,
    deanery_code VARCHAR NOT NULL,
    file_name    VARCHAR NOT NULL,
    ordinal      INTEGER,
    field        VARCHAR,
    kind         VARCHAR NOT NULL,
    expected     VARCHAR,
    actual       VARCHAR,
    found_at     TIMESTAMP NOT NULL
);
COMMENT ON TABLE exchange_difference IS 'Each difference found when a replayed history compared the hub''s APP, DNC and DNF files with the files a world delivered the same day, record for record and field by field.';
COMMENT ON COLUMN exchange_difference.run_date IS 'The day compared.';
COMMENT ON COLUMN exchange_difference.deanery_code IS 'The deanery of the files.';
COMMENT ON COLUMN exchange_difference.file_name IS 'The file compared (the world''s name, or the hub''s when the world has none).';
COMMENT ON COLUMN exchange_difference.ordinal IS 'The record (1 = first after the HDR); empty for a whole-file difference.';
COMMENT ON COLUMN exchange_difference.field IS 'The field, by its layout name (deaneryNumber, nextGmcNumber, ...); empty for a whole record or file.';
COMMENT ON COLUMN exchange_difference.kind IS 'MISSING_FILE (the world has it, the hub not), EXTRA_FILE, MISSING_RECORD, EXTRA_RECORD, FIELD (values differ), HEADER (HDR fields differ).';
COMMENT ON COLUMN exchange_difference.expected IS 'The world''s value (or record text).';
COMMENT ON COLUMN exchange_difference.actual IS 'The hub''s value (or record text).';
COMMENT ON COLUMN exchange_difference.found_at IS 'When the comparison ran (UTC).';

-- Update interface (5.8): person records resolved to trainees, and what
-- they changed on the deanery side.

CREATE TABLE person_link (
    deanery_code      VARCHAR NOT NULL,
    esr_person_number BIGINT NOT NULL,
    trainee_id        VARCHAR NOT NULL,
    linked_by         VARCHAR NOT NULL,
    file_name         VARCHAR NOT NULL,
    linked_at         TIMESTAMP NOT NULL,
    PRIMARY KEY (deanery_code, esr_person_number)
);
COMMENT ON TABLE person_link IS 'Stored links from an ESR person to a deanery trainee made while applying person records (5.8 step 3; 5.11 "Stored link"): later files resolve through them first.';
COMMENT ON COLUMN person_link.deanery_code IS 'The deanery receiving the records.';
COMMENT ON COLUMN person_link.esr_person_number IS 'ESR person number.';
COMMENT ON COLUMN person_link.trainee_id IS 'The trainee the person resolved to.';
COMMENT ON COLUMN person_link.linked_by IS 'ASSIGNMENT_ID (an assignment id ESR returned in an APC SUCCESS for one of the trainee''s placements) or PBD_GMC (the PBD registration number is the valid GMC of exactly one trainee).';
COMMENT ON COLUMN person_link.file_name IS 'The RMC/RMF file whose records made the link.';
COMMENT ON COLUMN person_link.linked_at IS 'Header createdAt of that file.';

CREATE TABLE person_record_outcome (
    file_name         VARCHAR NOT NULL,
    line_number       INTEGER NOT NULL,
    deanery_code      VARCHAR NOT NULL,
    record_type       VARCHAR NOT NULL,
    esr_person_number BIGINT NOT NULL,
    change_timestamp  TIMESTAMP,
    apply_order       INTEGER NOT NULL,
    trainee_id        VARCHAR,
    outcome           VARCHAR NOT NULL,
    reason_code       VARCHAR,
    fields_propagated INTEGER NOT NULL,
    applied_at        TIMESTAMP NOT NULL,
    PRIMARY KEY (file_name, line_number)
);
COMMENT ON TABLE person_record_outcome IS 'What became of each person record (PER, ADD, ASG, PBD) of an applied RMC/RMF file (5.8): resolved and applied in change-timestamp order, or rejected and kept.';
COMMENT ON COLUMN person_record_outcome.file_name IS 'The RMC/RMF file.';
COMMENT ON COLUMN person_record_outcome.line_number IS 'Line of the record in the file.';
COMMENT ON COLUMN person_record_outcome.deanery_code IS 'The receiving deanery.';
COMMENT ON COLUMN person_record_outcome.record_type IS 'PER, ADD, ASG or PBD.';
COMMENT ON COLUMN person_record_outcome.esr_person_number IS 'ESR person number of the record.';
COMMENT ON COLUMN person_record_outcome.change_timestamp IS 'When the change was keyed in ESR.';
COMMENT ON COLUMN person_record_outcome.apply_order IS 'Order of application within the file: change timestamp, then line.';
COMMENT ON COLUMN person_record_outcome.trainee_id IS 'The trainee the person resolved to, empty when rejected.';
COMMENT ON COLUMN person_record_outcome.outcome IS 'APPLIED or REJECTED.';
COMMENT ON COLUMN person_record_outcome.reason_code IS 'UNKNOWN_PERSON for a person resolved to no trainee (never retried: a later image will come).';
COMMENT ON COLUMN person_record_outcome.fields_propagated IS 'Trainee fields this record changed (5.8 step 4).';
COMMENT ON COLUMN person_record_outcome.applied_at IS 'Apply time: the file''s header createdAt.';

CREATE TABLE trainee_field_update (
    deanery_code     VARCHAR NOT NULL,
    trainee_id       VARCHAR NOT NULL,
    field            VARCHAR NOT NULL,
    value            VARCHAR NOT NULL,
    applied_at       TIMESTAMP NOT NULL,
    change_timestamp TIMESTAMP,
    file_name        VARCHAR NOT NULL,
    line_number      INTEGER NOT NULL,
    record_type      VARCHAR NOT NULL,
    apply_order      INTEGER NOT NULL
);
COMMENT ON TABLE trainee_field_update IS 'Every trainee field an ESR person record propagated to the deanery (5.8 step 4): the value lives only here, never in the extracts.';
COMMENT ON COLUMN trainee_field_update.deanery_code IS 'The trainee''s deanery.';
COMMENT ON COLUMN trainee_field_update.trainee_id IS 'The trainee.';
COMMENT ON COLUMN trainee_field_update.field IS 'The trainee field (trainee_version column name: surname, forenames, email, postcode, gmc_number, ...).';
COMMENT ON COLUMN trainee_field_update.value IS 'The value propagated (dates as YYYY-MM-DD).';
COMMENT ON COLUMN trainee_field_update.applied_at IS 'When it took effect: the header createdAt of the file that carried it.';
COMMENT ON COLUMN trainee_field_update.change_timestamp IS 'When the change was keyed in ESR.';
COMMENT ON COLUMN trainee_field_update.file_name IS 'The RMC/RMF file.';
COMMENT ON COLUMN trainee_field_update.line_number IS 'The record''s line.';
COMMENT ON COLUMN trainee_field_update.record_type IS 'PER, ADD or PBD.';
COMMENT ON COLUMN trainee_field_update.apply_order IS 'Order of application within the file; the last one of a field wins.';

-- The deanery's state as of a time.

CREATE MACRO post_at(t) AS TABLE
SELECT * EXCLUDE (rn) FROM (
    SELECT *, row_number() OVER (PARTITION BY deanery_code, post_id ORDER BY modified_at DESC, file_name DESC, line_number DESC) AS rn
    FROM post_version WHERE modified_at <= t
) WHERE rn = 1;

CREATE MACRO placement_at(t) AS TABLE
SELECT * EXCLUDE (rn) FROM (
    SELECT *, row_number() OVER (PARTITION BY deanery_code, placement_id ORDER BY modified_at DESC, file_name DESC, line_number DESC) AS rn
    FROM placement_version WHERE modified_at <= t
) WHERE rn = 1;

-- trainee_at(t): the 5.8 merge rule. A field's value is the latest of the
-- extract's own last change of it (a version in which it differs from the
-- previous one; the first version counts) and the last update propagated
-- by a file applied by t; ties go to the extract.
CREATE MACRO trainee_at(t) AS TABLE
WITH ext AS (
    SELECT * EXCLUDE (rn) FROM (
        SELECT *, row_number() OVER (PARTITION BY deanery_code, trainee_id ORDER BY modified_at DESC, file_name DESC, line_number DESC) AS rn
        FROM trainee_version WHERE modified_at <= t
    ) WHERE rn = 1
),
upd AS (
    SELECT deanery_code, trainee_id, field,
           arg_max(value, (applied_at, file_name, apply_order)) AS value,
           max(applied_at) AS applied_at
    FROM trainee_field_update WHERE applied_at <= t
    GROUP BY ALL
),
hist AS (
    SELECT deanery_code, trainee_id, modified_at, file_name, line_number,
           title, forenames, surname, previous_surname, CAST(date_of_birth AS VARCHAR) AS date_of_birth,
           gender, ni_number, gmc_number, email, mobile_tel, home_tel, address1, address2, address3,
           town, postcode, country
    FROM trainee_version v SEMI JOIN (SELECT DISTINCT deanery_code, trainee_id FROM upd) USING (deanery_code, trainee_id)
    WHERE modified_at <= t
),
long AS (
    SELECT * FROM hist UNPIVOT INCLUDE NULLS (value FOR field IN (title, forenames, surname, previous_surname,
        date_of_birth, gender, ni_number, gmc_number, email, mobile_tel, home_tel, address1, address2, address3,
        town, postcode, country))
),
changed AS (
    SELECT deanery_code, trainee_id, field, max(modified_at) AS changed_at FROM (
        SELECT *, lag(value) OVER w AS prev, row_number() OVER w AS n
        FROM long WINDOW w AS (PARTITION BY deanery_code, trainee_id, field ORDER BY modified_at, file_name, line_number)
    ) WHERE n = 1 OR value IS DISTINCT FROM prev
    GROUP BY ALL
),
win AS (
    SELECT u.deanery_code, u.trainee_id, u.field, u.value
    FROM upd u LEFT JOIN changed c USING (deanery_code, trainee_id, field)
    WHERE c.changed_at IS NULL OR u.applied_at > c.changed_at
),
ov AS (
    SELECT deanery_code, trainee_id,
           max(value) FILTER (WHERE field = 'title') AS title,
           max(value) FILTER (WHERE field = 'forenames') AS forenames,
           max(value) FILTER (WHERE field = 'surname') AS surname,
           max(value) FILTER (WHERE field = 'previous_surname') AS previous_surname,
           max(value) FILTER (WHERE field = 'date_of_birth') AS date_of_birth,
           max(value) FILTER (WHERE field = 'gender') AS gender,
           max(value) FILTER (WHERE field = 'ni_number') AS ni_number,
           max(value) FILTER (WHERE field = 'gmc_number') AS gmc_number,
           max(value) FILTER (WHERE field = 'email') AS email,
           max(value) FILTER (WHERE field = 'mobile_tel') AS mobile_tel,
           max(value) FILTER (WHERE field = 'home_tel') AS home_tel,
           max(value) FILTER (WHERE field = 'address1') AS address1,
           max(value) FILTER (WHERE field = 'address2') AS address2,
           max(value) FILTER (WHERE field = 'address3') AS address3,
           max(value) FILTER (WHERE field = 'town') AS town,
           max(value) FILTER (WHERE field = 'postcode') AS postcode,
           max(value) FILTER (WHERE field = 'country') AS country
    FROM win GROUP BY ALL
)
SELECT e.deanery_code, e.trainee_id,
       coalesce(o.title, e.title) AS title,
       coalesce(o.forenames, e.forenames) AS forenames,
       coalesce(o.surname, e.surname) AS surname,
       coalesce(o.previous_surname, e.previous_surname) AS previous_surname,
       coalesce(CAST(o.date_of_birth AS DATE), e.date_of_birth) AS date_of_birth,
       coalesce(o.gender, e.gender) AS gender,
       coalesce(o.ni_number, e.ni_number) AS ni_number,
       coalesce(o.gmc_number, e.gmc_number) AS gmc_number,
       e.ntn,
       coalesce(o.email, e.email) AS email,
       coalesce(o.mobile_tel, e.mobile_tel) AS mobile_tel,
       coalesce(o.home_tel, e.home_tel) AS home_tel,
       coalesce(o.address1, e.address1) AS address1,
       coalesce(o.address2, e.address2) AS address2,
       coalesce(o.address3, e.address3) AS address3,
       coalesce(o.town, e.town) AS town,
       coalesce(o.postcode, e.postcode) AS postcode,
       coalesce(o.country, e.country) AS country,
       e.nationality, e.modified_at, e.deleted
FROM ext e LEFT JOIN ov o USING (deanery_code, trainee_id);

-- position_at(t): the deanery's view of ESR positions from the POR records
-- of the RMC/RMF files it applied by t (header createdAt), latest image per
-- position; a position the deanery's latest RMF did not hold is deleted.
CREATE MACRO position_at(t) AS TABLE
WITH files AS (
    SELECT file_name, deanery_code, file_type, created_at FROM source_file
    WHERE status = 'LOADED' AND file_kind = 'INTERFACE' AND file_type IN ('RMC', 'RMF') AND created_at <= t
),
img AS (
    SELECT f.deanery_code, f.created_at, r.*,
           row_number() OVER (PARTITION BY f.deanery_code, r.position_id ORDER BY f.created_at DESC, r.file_name DESC, r.line_number DESC) AS rn
    FROM por_record r JOIN files f USING (file_name)
),
last_rmf AS (
    SELECT deanery_code, max(created_at) AS at FROM files WHERE file_type = 'RMF' GROUP BY ALL
)
SELECT i.deanery_code, i.position_id, i.position_number, upper(trim(i.deanery_number)) AS dpn,
       i.employing_org_vpd_code AS vpd_code, i.host_lead_indicator, i.ods_code, i.change_delete_indicator,
       (i.change_delete_indicator = 'C' AND (l.at IS NULL OR i.created_at >= l.at)) AS live,
       i.file_name, i.created_at AS known_at
FROM img i LEFT JOIN last_rmf l USING (deanery_code)
WHERE i.rn = 1;

CREATE VIEW esr_position AS SELECT * FROM position_at(TIMESTAMP '9999-12-31 00:00:00');
COMMENT ON VIEW esr_position IS 'The deanery''s view of ESR positions now, from the position records (POR) of every applied RMC/RMF file: latest image per position; live while its last indicator is C and the latest RMF held it. position_at(t) gives the view as of a time.';
COMMENT ON COLUMN esr_position.deanery_code IS 'The deanery whose files told of the position.';
COMMENT ON COLUMN esr_position.position_id IS 'ESR position id.';
COMMENT ON COLUMN esr_position.position_number IS 'ESR position number.';
COMMENT ON COLUMN esr_position.dpn IS 'The DPN the position carries (trimmed, upper-case), the join key to posts.';
COMMENT ON COLUMN esr_position.vpd_code IS 'VPD of the employing trust, three digits.';
COMMENT ON COLUMN esr_position.host_lead_indicator IS 'Lead Employer or Host Employer.';
COMMENT ON COLUMN esr_position.ods_code IS 'Trust code (ODS).';
COMMENT ON COLUMN esr_position.change_delete_indicator IS 'The last indicator received: C or D.';
COMMENT ON COLUMN esr_position.live IS 'True while the last indicator is C and no later RMF left the position out.';
COMMENT ON COLUMN esr_position.file_name IS 'The file of the latest image.';
COMMENT ON COLUMN esr_position.known_at IS 'Header createdAt of that file.';

CREATE VIEW post_reconciliation AS
SELECT pe.deanery_code, pe.post_id, p.dpn, pe.trust_code, pe.role, tr.vpd_code,
       ip.recruitment_live_from,
       count(ep.position_id) AS live_positions,
       min(ep.position_id) AS position_id
FROM post_employer pe
JOIN post p USING (deanery_code, post_id)
JOIN trust tr ON tr.trust_code = pe.trust_code
LEFT JOIN interface_pair ip ON ip.trust_code = pe.trust_code
LEFT JOIN esr_position ep ON ep.deanery_code = pe.deanery_code AND ep.live AND ep.dpn = upper(trim(p.dpn)) AND ep.vpd_code = tr.vpd_code
WHERE p.status = 'CURRENT'
GROUP BY ALL;
COMMENT ON VIEW post_reconciliation IS 'Post reconciliation now (5.2 condition 3): for each role of each current post, the live positions the deanery knows with the post''s DPN at the role trust''s VPD.';
COMMENT ON COLUMN post_reconciliation.deanery_code IS 'The deanery.';
COMMENT ON COLUMN post_reconciliation.post_id IS 'The post.';
COMMENT ON COLUMN post_reconciliation.dpn IS 'The post''s DPN.';
COMMENT ON COLUMN post_reconciliation.trust_code IS 'The role''s trust.';
COMMENT ON COLUMN post_reconciliation.role IS 'LEAD or HOST.';
COMMENT ON COLUMN post_reconciliation.vpd_code IS 'The trust''s VPD.';
COMMENT ON COLUMN post_reconciliation.recruitment_live_from IS 'The trust''s recruitment go-live date; empty = never.';
COMMENT ON COLUMN post_reconciliation.live_positions IS 'Live positions matching: 1 = reconciled, 0 = missing, 2 or more = duplicate DPN.';
COMMENT ON COLUMN post_reconciliation.position_id IS 'The lowest matching position id.';

CREATE VIEW app_send_answer AS
SELECT s.*, a.file_name AS apc_file_name, a.load_status_code, a.message_type,
       split_part(a.message_text, ':', 1) AS reason_code, a.message_text,
       a.applicant_number, a.assignment_id, a.application_type,
       q.file_name IS NOT NULL AS quarantined
FROM app_send s
LEFT JOIN (
    SELECT r.* FROM apc_record r JOIN source_file f ON f.file_name = r.file_name AND f.status = 'LOADED'
    QUALIFY row_number() OVER (PARTITION BY r.app_file_name, r.esr_vacancy_id ORDER BY f.created_at, r.file_name, r.line_number) = 1
) a ON a.app_file_name = s.file_name AND a.esr_vacancy_id = s.ordinal
LEFT JOIN app_quarantine q ON q.file_name = s.file_name;
COMMENT ON VIEW app_send_answer IS 'Every APP record sent with ESR''s answer (5.8 step 1: APC lines tied back by file and ordinal): status, reason, and the applicant number and assignment id recorded against the placement they confirm.';
COMMENT ON COLUMN app_send_answer.apc_file_name IS 'The APC file that answered, empty while unanswered or when quarantined.';
COMMENT ON COLUMN app_send_answer.load_status_code IS 'SUCCESS or FAIL; empty when no APC came.';
COMMENT ON COLUMN app_send_answer.message_type IS 'ERROR, WARNING or INFO.';
COMMENT ON COLUMN app_send_answer.reason_code IS 'The reason code that opens ESR''s message (OK, MANDATORY_MISSING, ...).';
COMMENT ON COLUMN app_send_answer.message_text IS 'ESR''s message.';
COMMENT ON COLUMN app_send_answer.applicant_number IS 'Applicant number of a NEW success.';
COMMENT ON COLUMN app_send_answer.assignment_id IS 'Assignment id of any success: the link from the placement to ESR''s assignment.';
COMMENT ON COLUMN app_send_answer.application_type IS 'NEW or TRANSFER.';
COMMENT ON COLUMN app_send_answer.quarantined IS 'True when the file was inferred quarantined.';
COMMENT ON COLUMN app_send_answer.file_name IS 'The APP file.';
COMMENT ON COLUMN app_send_answer.ordinal IS 'Position of the record in the file.';
COMMENT ON COLUMN app_send_answer.deanery_code IS 'The sending deanery.';
COMMENT ON COLUMN app_send_answer.run_date IS 'Run date of the file.';
COMMENT ON COLUMN app_send_answer.placement_id IS 'The placement sent.';
COMMENT ON COLUMN app_send_answer.trainee_id IS 'The placement''s trainee.';
COMMENT ON COLUMN app_send_answer.post_id IS 'The placement''s post.';
COMMENT ON COLUMN app_send_answer.dpn IS 'DPN sent.';
COMMENT ON COLUMN app_send_answer.position_id IS 'Position sent.';
COMMENT ON COLUMN app_send_answer.position_number IS 'Position number sent.';
COMMENT ON COLUMN app_send_answer.start_date IS 'Start sent.';
COMMENT ON COLUMN app_send_answer.end_date IS 'End sent.';
COMMENT ON COLUMN app_send_answer.resend IS 'True for a re-send of the pair.';
COMMENT ON COLUMN app_send_answer.payload IS 'Fields 3 to 33 as written.';

CREATE VIEW placement_notice AS
SELECT deanery_code, placement_id,
       arg_min(file_name, (run_date, file_name)) AS first_app_file,
       min(run_date) AS first_app_date,
       arg_min(start_date, (run_date, file_name)) AS start_date_sent,
       datediff('day', min(run_date), arg_min(start_date, (run_date, file_name))) AS notice_days,
       datediff('day', min(run_date), arg_min(start_date, (run_date, file_name))) >= 84 AS compliant
FROM app_send
WHERE file_name NOT IN (SELECT file_name FROM app_quarantine)
GROUP BY ALL;
COMMENT ON VIEW placement_notice IS 'The notice given per placement (5.5): start date carried by the first APP file, not quarantined, that carried it, minus that file''s date; compliant at 84 days or more. Placements absent here were never sent.';
COMMENT ON COLUMN placement_notice.deanery_code IS 'The deanery.';
COMMENT ON COLUMN placement_notice.placement_id IS 'The placement.';
COMMENT ON COLUMN placement_notice.first_app_file IS 'The first APP file, not quarantined, that carried it.';
COMMENT ON COLUMN placement_notice.first_app_date IS 'Its file date.';
COMMENT ON COLUMN placement_notice.start_date_sent IS 'The start date that file carried.';
COMMENT ON COLUMN placement_notice.notice_days IS 'Notice in days.';
COMMENT ON COLUMN placement_notice.compliant IS 'True at 84 days or more (the 12-week rule).';

CREATE VIEW trainee_field_value AS
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
ext_changes AS (
    SELECT deanery_code, trainee_id, field, value, modified_at AS valid_from, 0 AS src, file_name, line_number FROM (
        SELECT *, lag(value) OVER w AS prev, row_number() OVER w AS n
        FROM ext WINDOW w AS (PARTITION BY deanery_code, trainee_id, field ORDER BY modified_at, file_name, line_number)
    ) WHERE n = 1 OR value IS DISTINCT FROM prev
),
all_changes AS (
    SELECT * FROM ext_changes
    UNION ALL
    SELECT deanery_code, trainee_id, field, value, applied_at, 1, file_name, apply_order FROM trainee_field_update
)
SELECT deanery_code, trainee_id, field, value, valid_from,
       lead(valid_from) OVER (PARTITION BY deanery_code, trainee_id, field ORDER BY valid_from, src DESC, file_name, line_number) AS valid_to,
       CASE src WHEN 0 THEN 'EXTRACT' ELSE 'UPDATE_INTERFACE' END AS source,
       file_name
FROM all_changes;
COMMENT ON VIEW trainee_field_value IS 'The deanery''s value of every trainee field over time (5.8 merge rule): each change by the deanery system''s extract and each update propagated from ESR, valid from its time until the next; at equal times the extract wins. Filter valid_from <= T AND (valid_to IS NULL OR valid_to > T) for the value at T.';
COMMENT ON COLUMN trainee_field_value.deanery_code IS 'The deanery.';
COMMENT ON COLUMN trainee_field_value.trainee_id IS 'The trainee.';
COMMENT ON COLUMN trainee_field_value.field IS 'The field (trainee_version column name).';
COMMENT ON COLUMN trainee_field_value.value IS 'Its value from valid_from (dates as YYYY-MM-DD; empty = no value).';
COMMENT ON COLUMN trainee_field_value.valid_from IS 'When the value took effect: extract modified_at, or the applying file''s header createdAt.';
COMMENT ON COLUMN trainee_field_value.valid_to IS 'When the next value took effect; empty while current.';
COMMENT ON COLUMN trainee_field_value.source IS 'EXTRACT or UPDATE_INTERFACE.';
COMMENT ON COLUMN trainee_field_value.file_name IS 'The extract or RMC/RMF file the value came from.';

-- Value formats of the APP and DNC records the hub writes (7.2, 7.4):
-- every value as file text, never null ('' is an empty field).
CREATE MACRO ymd(d) AS coalesce(strftime(d, '%Y%m%d'), '');
CREATE MACRO wte2(w) AS coalesce(CAST(CAST(w AS DECIMAL(5, 2)) AS VARCHAR), '');
CREATE MACRO wte1(w) AS coalesce(
    (CAST(floor((CAST(w AS DECIMAL(5, 2)) * 100 + 5) / 10) AS BIGINT) // 10)::VARCHAR || '.' ||
    (CAST(floor((CAST(w AS DECIMAL(5, 2)) * 100 + 5) / 10) AS BIGINT) % 10)::VARCHAR, '');
CREATE MACRO gmc_text(g) AS CASE
    WHEN upper(regexp_replace(coalesce(g, ''), '\s', '', 'g')) IN ('UNKNOWN', 'N/A') THEN ''
    ELSE regexp_replace(coalesce(g, ''), '\s', '', 'g') END;
CREATE MACRO forename_first(f) AS coalesce(string_split_regex(trim(coalesce(f, '')), '\s+')[1], '');
CREATE MACRO forename_rest(f) AS coalesce(array_to_string(string_split_regex(trim(coalesce(f, '')), '\s+')[2:], ' '), '');
CREATE MACRO app_title(t) AS CASE upper(rtrim(trim(coalesce(t, '')), '.'))
    WHEN 'DR' THEN 'Dr' WHEN 'MR' THEN 'Mr' WHEN 'MRS' THEN 'Mrs' WHEN 'MS' THEN 'Ms'
    WHEN 'MISS' THEN 'Miss' WHEN 'MX' THEN 'Mx' WHEN 'PROF' THEN 'Prof' ELSE '' END;
CREATE MACRO sent_type(t) AS t IN ('IN_POST', 'IN_POST_ACTING_UP', 'IN_POST_EXTENSION', 'PARENTAL_LEAVE',
    'LONG_TERM_SICK', 'SUSPENDED', 'PHASED_RETURN');
