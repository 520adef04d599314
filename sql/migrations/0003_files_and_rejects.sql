-- Load bookkeeping (domain 4 "file, record, reject", 5.9): every file offered
-- to the warehouse, what became of it, and every record or value it could
-- not take, so that nothing read is ever lost.

CREATE TABLE load_run (
    load_id          BIGINT PRIMARY KEY,
    started_at       TIMESTAMP NOT NULL,
    finished_at      TIMESTAMP,
    files_seen       INTEGER,
    files_loaded     INTEGER,
    files_replayed   INTEGER,
    files_rejected   INTEGER,
    records_loaded   BIGINT,
    records_rejected BIGINT,
    tool_version     VARCHAR
);
COMMENT ON TABLE load_run IS 'One row per `deanery load`: when it ran and what it did.';
COMMENT ON COLUMN load_run.load_id IS 'Number of the load, 1 for the first.';
COMMENT ON COLUMN load_run.started_at IS 'When the load started (UTC).';
COMMENT ON COLUMN load_run.finished_at IS 'When it committed (UTC).';
COMMENT ON COLUMN load_run.files_seen IS 'Files offered to the load.';
COMMENT ON COLUMN load_run.files_loaded IS 'Files whose records were loaded.';
COMMENT ON COLUMN load_run.files_replayed IS 'Files already loaded with the same content, so skipped (REPLAY).';
COMMENT ON COLUMN load_run.files_rejected IS 'Files rejected whole.';
COMMENT ON COLUMN load_run.records_loaded IS 'Records loaded.';
COMMENT ON COLUMN load_run.records_rejected IS 'Records rejected one by one (see rejected_record).';
COMMENT ON COLUMN load_run.tool_version IS 'Version of deanery that ran the load.';

CREATE TABLE source_file (
    file_name       VARCHAR NOT NULL,
    file_kind       VARCHAR NOT NULL,
    file_type       VARCHAR,
    deanery_code    VARCHAR,
    sequence_number INTEGER,
    file_date       DATE,
    quarter         VARCHAR,
    direction       VARCHAR,
    created_at      TIMESTAMP,
    format_version  VARCHAR,
    mode            VARCHAR,
    record_count    BIGINT,
    rejected_count  BIGINT,
    sha256          VARCHAR NOT NULL,
    byte_size       BIGINT,
    status          VARCHAR NOT NULL,
    reason_code     VARCHAR,
    reason          VARCHAR,
    out_of_order    BOOLEAN NOT NULL DEFAULT false,
    load_id         BIGINT NOT NULL,
    loaded_at       TIMESTAMP NOT NULL
);
COMMENT ON TABLE source_file IS 'Every file offered to a load, one row each time: interface files, deanery-system extracts and configuration files, with what became of them.';
COMMENT ON COLUMN source_file.file_name IS 'File name without its folder, e.g. DE_OXF_APP_20110505_00000089.DAT.';
COMMENT ON COLUMN source_file.file_kind IS 'INTERFACE (ESR interface file), EXTRACT (deanery-system extract) or CONFIG (reference configuration).';
COMMENT ON COLUMN source_file.file_type IS 'Interface file type (APP, APC, DNC, DNF, DCC, RMC, RMF, STF), extract entity (TRAINEE, POST, PLACEMENT) or configuration table.';
COMMENT ON COLUMN source_file.deanery_code IS 'Deanery the file belongs to.';
COMMENT ON COLUMN source_file.sequence_number IS 'Sequence number from the interface file name; each (deanery, file type) stream counts from 1.';
COMMENT ON COLUMN source_file.file_date IS 'Date in the interface file name.';
COMMENT ON COLUMN source_file.quarter IS 'Quarter of an extract file, e.g. 2010Q1.';
COMMENT ON COLUMN source_file.direction IS 'TO_ESR (APP, DNC, DNF) or FROM_ESR (APC, DCC, RMC, RMF, STF).';
COMMENT ON COLUMN source_file.created_at IS 'Creation time in the file header (UK local time).';
COMMENT ON COLUMN source_file.format_version IS 'Format version in the header (1.0).';
COMMENT ON COLUMN source_file.mode IS 'FULL or CHANGE, from the header.';
COMMENT ON COLUMN source_file.record_count IS 'Records in the file, as the trailer counts them.';
COMMENT ON COLUMN source_file.rejected_count IS 'Records of the file that were rejected one by one.';
COMMENT ON COLUMN source_file.sha256 IS 'SHA-256 of the file bytes, used to recognise a replay.';
COMMENT ON COLUMN source_file.byte_size IS 'Size of the file in bytes.';
COMMENT ON COLUMN source_file.status IS 'LOADED, REPLAY (same name and content as a loaded file: nothing changed) or REJECTED (rejected whole: none of its records loaded).';
COMMENT ON COLUMN source_file.reason_code IS 'Why a file was rejected whole: EMPTY_FILE, MISSING_HEADER, MISSING_TRAILER, COUNT_MISMATCH, HEADER_MISMATCH, UNSUPPORTED_VERSION, BAD_FILE_NAME, NAME_CONFLICT, BAD_HEADER.';
COMMENT ON COLUMN source_file.reason IS 'The rejection in words, with the line where it was found.';
COMMENT ON COLUMN source_file.out_of_order IS 'True when the sequence number was at or below one already loaded for the stream (loaded anyway).';
COMMENT ON COLUMN source_file.load_id IS 'The load that saw the file (load_run).';
COMMENT ON COLUMN source_file.loaded_at IS 'When that load committed (UTC).';

CREATE VIEW interface_file AS
SELECT * EXCLUDE (file_kind, quarter) FROM source_file WHERE file_kind = 'INTERFACE';
COMMENT ON VIEW interface_file IS 'The ESR interface files among source_file (domain entity "file").';

CREATE TABLE rejected_record (
    file_name   VARCHAR NOT NULL,
    line_number INTEGER NOT NULL,
    record_type VARCHAR,
    field       VARCHAR,
    reason_code VARCHAR NOT NULL,
    message     VARCHAR NOT NULL,
    raw_text    VARCHAR,
    load_id     BIGINT NOT NULL
);
COMMENT ON TABLE rejected_record IS 'Every record a load could not take, with its raw text and why; the other records of the same file loaded.';
COMMENT ON COLUMN rejected_record.file_name IS 'File the record came from.';
COMMENT ON COLUMN rejected_record.line_number IS 'Line of the record in that file (1 = first line).';
COMMENT ON COLUMN rejected_record.record_type IS 'Record type (APP, POS, ...) or extract entity, when it could be read.';
COMMENT ON COLUMN rejected_record.field IS 'The field at fault, by name, when one field is.';
COMMENT ON COLUMN rejected_record.reason_code IS 'FIELD_COUNT, RECORD_TYPE, MANDATORY_MISSING, BAD_FORMAT, ...';
COMMENT ON COLUMN rejected_record.message IS 'The reason in words; personal values are masked.';
COMMENT ON COLUMN rejected_record.raw_text IS 'The record exactly as read.';
COMMENT ON COLUMN rejected_record.load_id IS 'The load that rejected it.';

CREATE TABLE value_flag (
    file_name   VARCHAR NOT NULL,
    line_number INTEGER,
    record_type VARCHAR,
    field       VARCHAR,
    flag_code   VARCHAR NOT NULL,
    message     VARCHAR,
    load_id     BIGINT NOT NULL
);
COMMENT ON TABLE value_flag IS 'Every value kept but flagged by a validation rule (domain 3 and 6), and file-level warnings (line_number empty): the value itself is loaded as read, normalised.';
COMMENT ON COLUMN value_flag.file_name IS 'File the value came from.';
COMMENT ON COLUMN value_flag.line_number IS 'Line of the record; empty for a warning about the whole file.';
COMMENT ON COLUMN value_flag.record_type IS 'Record type or extract entity.';
COMMENT ON COLUMN value_flag.field IS 'Field flagged.';
COMMENT ON COLUMN value_flag.flag_code IS 'Rule code: NINO_INVALID, GMC_PLACEHOLDER, VPD_UNPADDED, TRAILING_BACKSLASH, NOT_UTF8, TOO_LONG, DPN_OVER_40, ...';
COMMENT ON COLUMN value_flag.message IS 'The flag in words; personal values are masked.';
COMMENT ON COLUMN value_flag.load_id IS 'The load that flagged it.';

CREATE TABLE sequence_gap (
    deanery_code     VARCHAR NOT NULL,
    file_type        VARCHAR NOT NULL,
    missing_sequence INTEGER NOT NULL,
    found_in_file    VARCHAR NOT NULL,
    load_id          BIGINT NOT NULL
);
COMMENT ON TABLE sequence_gap IS 'Each sequence number missing from an interface file stream when a later number arrived (domain 5.9); the later file still loads.';
COMMENT ON COLUMN sequence_gap.deanery_code IS 'Deanery of the stream.';
COMMENT ON COLUMN sequence_gap.file_type IS 'File type of the stream (RMC, APP, ...).';
COMMENT ON COLUMN sequence_gap.missing_sequence IS 'The sequence number never seen.';
COMMENT ON COLUMN sequence_gap.found_in_file IS 'The file whose number revealed the gap.';
COMMENT ON COLUMN sequence_gap.load_id IS 'The load that found it.';
