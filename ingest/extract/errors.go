package extract

import (
	"errors"
	"fmt"
)

// Flag is a finding about one value of a row that was still loaded: the
// value is kept (invalid identifiers normalised, unparseable values null)
// and the flag says what was wrong. Messages never carry personal values
// in clear.
type Flag struct {
	Field   string `json:"field,omitempty"` // canonical column; "" for the whole record (NOT_UTF8)
	Code    string `json:"code"`            // stable code: NOT_UTF8, VALUE_UNKNOWN, NINO_INVALID, ...
	Message string `json:"message"`
}

// Reject is a row that could not be turned into a canonical row. Reading
// goes on after it: a bad row never stops a load.
type Reject struct {
	File    string `json:"file"`
	Line    int    `json:"line"`            // first line of the record in the file, 1 = header
	Field   string `json:"field,omitempty"` // canonical column, "" when the whole row is bad
	Code    string `json:"code"`            // FIELD_COUNT, MANDATORY_MISSING, ID_INVALID, ...
	Message string `json:"message"`
	Raw     string `json:"raw"` // the record as read, decoded to UTF-8, without line end
}

// Error gives file:line: field: message, the project's error location form.
func (r *Reject) Error() string {
	if r.Field == "" {
		return fmt.Sprintf("%s:%d: %s: %s", r.File, r.Line, r.Code, r.Message)
	}
	return fmt.Sprintf("%s:%d: %s: %s: %s", r.File, r.Line, r.Field, r.Code, r.Message)
}

// Sentinels of the whole-file errors, for errors.Is. Every *FileError
// unwraps to one of them.
var (
	ErrBadFileName    = errors.New("BAD_FILE_NAME")
	ErrEmptyFile      = errors.New("EMPTY_FILE")
	ErrBadHeader      = errors.New("BAD_HEADER")
	ErrMissingTrailer = errors.New("MISSING_TRAILER")
	ErrCountMismatch  = errors.New("COUNT_MISMATCH")
)

// FileError rejects a whole file: the loader must roll back whatever rows
// it took from the file, since a missing trailer means a truncated file and
// a count mismatch means rows were lost.
type FileError struct {
	File    string
	Line    int    // 0 when the error is about the file as a whole
	Code    string // the sentinel's text: BAD_HEADER, COUNT_MISMATCH, ...
	Message string
	Err     error // one of the sentinels
}

func (e *FileError) Error() string {
	if e.Line == 0 {
		return fmt.Sprintf("%s: %s: %s", e.File, e.Code, e.Message)
	}
	return fmt.Sprintf("%s:%d: %s: %s", e.File, e.Line, e.Code, e.Message)
}

func (e *FileError) Unwrap() error { return e.Err }

func fileError(file string, line int, sentinel error, format string, args ...any) *FileError {
	return &FileError{File: file, Line: line, Code: sentinel.Error(), Message: fmt.Sprintf(format, args...), Err: sentinel}
}

// ErrValue is under the errors a Writer returns for a canonical value that
// the layout cannot carry (a malformed date, an empty forename in a
// FULL_NAME layout), so a generator bug shows at once rather than as a
// strange file.
var ErrValue = errors.New("value cannot be written")

// ErrClosed is returned by a Writer used after Close.
var ErrClosed = errors.New("extract: writer closed")

// ValueError names the column and the value's problem.
type ValueError struct {
	Entity  Entity
	Row     int // 1-based data row of the file being written
	Field   string
	Message string
}

func (e *ValueError) Error() string {
	return fmt.Sprintf("%s row %d: %s: %s", e.Entity, e.Row, e.Field, e.Message)
}

func (e *ValueError) Unwrap() error { return ErrValue }
