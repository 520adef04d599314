package iface

import (
	"errors"
	"fmt"
)

// Sentinels for errors.Is.
var (
	// ErrFileRejected is wrapped by every *FileError: the whole file must
	// not be loaded.
	ErrFileRejected = errors.New("file rejected")
	// ErrRecordRejected is wrapped by every *Reject: one record is bad, the
	// rest of the file loads.
	ErrRecordRejected = errors.New("record rejected")
	// ErrInvalidValue is wrapped by writer errors about a value that cannot
	// be written in its field's encoding.
	ErrInvalidValue = errors.New("invalid value")
)

// Whole-file rejection codes (section 6).
const (
	CodeBadFileName        = "BAD_FILE_NAME"
	CodeEmptyFile          = "EMPTY_FILE"
	CodeMissingHeader      = "MISSING_HEADER"
	CodeMissingTrailer     = "MISSING_TRAILER"
	CodeCountMismatch      = "COUNT_MISMATCH"
	CodeHeaderMismatch     = "HEADER_MISMATCH"
	CodeUnsupportedVersion = "UNSUPPORTED_VERSION"
)

// Record rejection codes.
const (
	CodeFieldCount       = "FIELD_COUNT"       // not the layout's number of fields
	CodeRecordType       = "RECORD_TYPE"       // unknown, or not allowed in this file type
	CodeMandatoryMissing = "MANDATORY_MISSING" // a mandatory field is null
	CodeBadFormat        = "BAD_FORMAT"        // a value is not of its field's type
	CodeBadQuote         = "BAD_QUOTE"         // a quoted field is not closed, or text follows its closing quote
)

// Flag codes set by this package; identifier rules add their own
// (NINO_INVALID, VPD_UNPADDED, GMC_PLACEHOLDER, ...).
const (
	CodeTooLong           = "TOO_LONG"           // longer than the field's n (kept whole)
	CodeTooShort          = "TOO_SHORT"          // an F(n) value shorter than n
	CodeTrailingBackslash = "TRAILING_BACKSLASH" // value ends in a backslash (the 2020 POS incident)
	CodeNotUTF8           = "NOT_UTF8"           // line decoded as Windows-1252
	CodeStrayQuote        = "STRAY_QUOTE"        // a quote inside an unquoted field, kept as text
	CodeTruncated         = "TRUNCATED"          // writer: value cut to n characters
	CodeDPNOver40         = "DPN_OVER_40"        // file warning: more than 40 APP records for one DPN
)

// FileError is a whole-file rejection. Line is the line where the fault was
// seen, 0 when it is about the name or the file as a whole.
type FileError struct {
	File    string
	Line    int
	Code    string
	Message string
}

func (e *FileError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s: %s", e.File, e.Line, e.Code, e.Message)
	}
	return fmt.Sprintf("%s: %s: %s", e.File, e.Code, e.Message)
}

// Unwrap returns ErrFileRejected.
func (e *FileError) Unwrap() error { return ErrFileRejected }

func fileErr(file string, line int, code, format string, args ...any) *FileError {
	return &FileError{File: file, Line: line, Code: code, Message: fmt.Sprintf(format, args...)}
}

// Reject is a record that cannot be loaded. Field names the first field at
// fault (its camelCase name), empty when the fault is the whole line. Raw is
// the line as read, without its line end.
type Reject struct {
	File       string
	Line       int
	RecordType string
	Field      string
	Code       string
	Message    string
	Raw        string
}

// Error renders file:line: field: message, the field left out when empty.
func (r *Reject) Error() string {
	if r.Field != "" {
		return fmt.Sprintf("%s:%d: %s: %s: %s", r.File, r.Line, r.Field, r.Code, r.Message)
	}
	return fmt.Sprintf("%s:%d: %s: %s", r.File, r.Line, r.Code, r.Message)
}

// Unwrap returns ErrRecordRejected.
func (r *Reject) Unwrap() error { return ErrRecordRejected }

// Flag is a finding about one value of a record (or, Field empty, about the
// whole line). The value is kept.
type Flag struct {
	Field   string
	Code    string
	Message string
}

// Warning is a finding about a whole file that does not reject it. For
// DPN_OVER_40, DPN and Count say which post and how many records.
type Warning struct {
	File    string
	Code    string
	Message string
	DPN     string
	Count   int
}
