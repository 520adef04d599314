// Package extract reads and writes the deanery-system extracts of domain
// 7.10: one file per deanery, entity (trainee, post, placement) and
// quarter, holding every row version modified in the quarter, a header row
// first and an end marker with the row count last.
//
// Suppliers write these files differently (delimiter, quoting, character
// set, date format, one name field or two, descriptions or codes, WTE as a
// fraction or a percentage). Each layout is a Profile kept as data, a JSON
// document (profiles/*.json holds Intrepid and Empower); one generic
// Reader and one generic Writer interpret any profile, so a third system
// needs only a new profile (see ParseProfile).
//
// Rows come out canonical, as docs/architecture.md defines: the columns of
// Columns(entity) with dates YYYY-MM-DD, timestamps YYYY-MM-DD HH:MM:SS,
// booleans true/false, decimals with '.', lists joined with ';', null "".
// Identifiers are normalised by their rule of domain section 3; an invalid
// value is kept and flagged, never dropped. Names and the postcode are kept
// as held (trimmed only): surnames are never re-cased and the postcode
// travels on to ESR as held.
//
// Findings come at three levels: a Flag on a row that was loaded, a Reject
// for a row that could not be (its line, a code, the raw text), and a
// *FileError for a file that must be rejected whole (bad name, empty,
// bad header, missing end marker, count mismatch).
//
// Codes. Whole file (*FileError, errors.Is with the sentinel): BAD_FILE_NAME,
// EMPTY_FILE, BAD_HEADER (missing, unknown or repeated columns; columns
// are matched by name, so their order may differ), MISSING_TRAILER,
// COUNT_MISMATCH. Rows (Reject): FIELD_COUNT, BAD_QUOTE, BAD_TRAILER (an
// end marker that is malformed or not last), MANDATORY_MISSING (an id or
// modified_at empty), ID_INVALID (an id not in the profile's id format),
// DATE_INVALID and TS_INVALID (on a required column). Values (Flag):
// NOT_UTF8, VALUE_UNKNOWN (kept as read), DATE_INVALID, TS_INVALID,
// BOOL_INVALID, DECIMAL_INVALID (null), NAME_UNSPLIT (FULL_NAME without
// ", "), OUT_OF_ORDER, and the section 3 rule flags (NINO_INVALID,
// GMC_PLACEHOLDER, PCODE_INVALID, ...). Writer flags: DELIMITER_REPLACED,
// CHAR_REPLACED, VALUE_UNKNOWN; a value no layout can carry is a
// *ValueError (ErrValue).
//
// The reference configuration of domain 7.12 lives in the subpackage
// refconfig.
package extract
