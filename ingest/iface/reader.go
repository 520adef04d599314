package iface

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
)

// Header is the HDR record (7.1).
type Header struct {
	FileType  string
	Deanery   string
	Seq       int
	CreatedAt time.Time // UK local wall-clock time, carried as UTC
	Version   string    // "1.0"
	Mode      string    // FULL, CHANGE or empty
}

// Record is one record between HDR and TRL, good or rejected.
type Record struct {
	Line    int    // 1-based line number in the file
	Ordinal int    // 1 = first record after HDR; rejected records count
	Type    string // record type (field 1)
	// Values holds field i of the layout at index i, in file form (dates
	// YYYYMMDD, timestamps YYYYMMDDHHMMSS), normalised by the field's rule;
	// "" is null. For a rejected record it is nil when the line could not
	// be split into the layout's fields, else it holds the values as far as
	// they could be read.
	Values []string
	Raw    string // the line as read, without its line end
	Flags  []Flag
	Reject *Reject // non-nil when the record must not be loaded

	layout *RecordLayout
}

// Get returns the value of the named field (camelCase name, column name or
// id), or "" when the record has no such field.
func (r Record) Get(name string) string {
	if r.layout == nil {
		return ""
	}
	i := r.layout.Index(name)
	if i < 0 || i >= len(r.Values) {
		return ""
	}
	return r.Values[i]
}

// Layout returns the record's layout, nil for an unknown record type.
func (r Record) Layout() *RecordLayout { return r.layout }

// HasFlag reports whether the record carries a flag with the code.
func (r Record) HasFlag(code string) bool {
	for _, f := range r.Flags {
		if f.Code == code {
			return true
		}
	}
	return false
}

// Summary describes what a reader has read so far; complete once Next has
// returned io.EOF or a *FileError.
type Summary struct {
	File     string
	Name     Name
	Header   Header
	Lines    int            // physical lines read, blank ones included
	Records  int            // records between HDR and TRL, rejected ones included
	Rejected int            // records with a Reject
	Flagged  int            // records with at least one flag
	ByType   map[string]int // records per record type
	Trailer  int            // the TRL record count, -1 until read
	// DPNCounts counts APP records per deaneryNumber (APP files only).
	DPNCounts map[string]int
	// Warnings are whole-file findings that do not reject the file
	// (DPN_OVER_40), in DPN order.
	Warnings []Warning
	Err      error // the *FileError that rejected the file, if any
}

// DPNLimit is the number of APP records per DPN above which ESR quarantines
// an APP file (5.2).
const DPNLimit = 40

// Reader reads an interface file record by record.
type Reader struct {
	file   string
	name   Name
	br     *bufio.Reader
	long   []byte // a line longer than the bufio buffer
	spans  []span
	slab   []string // values of records to come (see values)
	sum    Summary
	err    error // sticky: io.EOF, a *FileError or a read error
	sawTRL int   // line of the TRL, 0 until seen
	bytes  int64
	dpnIdx int   // index of deaneryNumber in APP records
	asOf   civil // the file date, against which birth dates are judged
}

// NewReader checks the file name, reads the HDR record and checks it
// against the name. name is the file's base name. Errors are *FileError
// (BAD_FILE_NAME, EMPTY_FILE, MISSING_HEADER, HEADER_MISMATCH,
// UNSUPPORTED_VERSION) or a read error.
func NewReader(name string, r io.Reader) (*Reader, error) {
	n, err := ParseName(name)
	if err != nil {
		return nil, err
	}
	rd := &Reader{
		file: name,
		name: n,
		br:   bufio.NewReaderSize(r, 64<<10),
		sum:  Summary{File: name, Name: n, ByType: map[string]int{}, Trailer: -1},
		asOf: civilOf(n.Date),
	}
	if n.Type == "APP" {
		rd.sum.DPNCounts = map[string]int{}
		rd.dpnIdx = layouts["APP"].Index("deaneryNumber")
	}
	if err := rd.readHeader(); err != nil {
		rd.fail(err)
		return nil, err
	}
	return rd, nil
}

// Name returns the parsed file name.
func (r *Reader) Name() Name { return r.name }

// Header returns the HDR record.
func (r *Reader) Header() Header { return r.sum.Header }

// Summary returns the counts and warnings so far.
func (r *Reader) Summary() Summary { return r.sum }

// Warnings returns the whole-file warnings (complete at the end).
func (r *Reader) Warnings() []Warning { return r.sum.Warnings }

// Next returns the next record, good or rejected (Record.Reject set), in
// line order. At the end it checks the trailer and returns io.EOF, or a
// *FileError (MISSING_TRAILER, COUNT_MISMATCH) when the whole file must be
// rolled back.
func (r *Reader) Next() (Record, error) {
	for r.err == nil {
		raw, notUTF8, err := r.readLine()
		if err == io.EOF {
			r.fail(r.finish())
			break
		}
		if err != nil {
			r.fail(fmt.Errorf("%s:%d: %w", r.file, r.sum.Lines, err))
			break
		}
		if r.sawTRL > 0 {
			r.fail(fileErr(r.file, r.sum.Lines, CodeMissingTrailer,
				"record after the TRL of line %d: the TRL must be last", r.sawTRL))
			break
		}
		spans, bad := splitLine(raw, r.spans[:0])
		r.spans = spans
		if bad == 0 && len(spans) > 0 && spans[0].val == "TRL" {
			r.readTrailer(spans)
			continue
		}
		return r.record(raw, notUTF8, spans, bad), nil
	}
	return Record{}, r.err
}

// ReadAll reads the remaining records. It returns them with the error that
// ended the file: nil at a clean end, else a *FileError or a read error.
func (r *Reader) ReadAll() ([]Record, error) {
	var recs []Record
	for {
		rec, err := r.Next()
		if err == io.EOF {
			return recs, nil
		}
		if err != nil {
			return recs, err
		}
		recs = append(recs, rec)
	}
}

// fail records the error that ends reading.
func (r *Reader) fail(err error) {
	r.err = err
	var fe *FileError
	if errors.As(err, &fe) {
		r.sum.Err = fe
	}
}

// readLine returns the next non-blank line without its line end, decoded
// as Windows-1252 when it is not UTF-8 (notUTF8 true). A leading BOM is
// dropped. At the end it returns io.EOF.
func (r *Reader) readLine() (line string, notUTF8 bool, err error) {
	for {
		b, err := r.readSlice()
		if len(b) == 0 && err != nil {
			return "", false, err
		}
		r.sum.Lines++
		r.bytes += int64(len(b))
		b = trimEOL(b)
		if r.sum.Lines == 1 {
			b = bytes.TrimPrefix(b, bom)
		}
		if len(b) == 0 {
			continue // blank lines carry no record and are not counted
		}
		if utf8.Valid(b) {
			return string(b), false, nil
		}
		dec, _ := charmap.Windows1252.NewDecoder().Bytes(b) // cannot fail: every byte maps
		return string(dec), true, nil
	}
}

var bom = []byte("\xEF\xBB\xBF")

// readSlice returns the next line with its line end; the slice is valid
// until the next call. A short last line comes with a nil error, then
// (nil, io.EOF).
func (r *Reader) readSlice() ([]byte, error) {
	b, err := r.br.ReadSlice('\n')
	if err == bufio.ErrBufferFull {
		r.long = append(r.long[:0], b...)
		for err == bufio.ErrBufferFull {
			b, err = r.br.ReadSlice('\n')
			r.long = append(r.long, b...)
		}
		b = r.long
	}
	if err == io.EOF && len(b) > 0 {
		err = nil
	}
	return b, err
}

// trimEOL drops a final LF, CRLF or CR.
func trimEOL(b []byte) []byte {
	if n := len(b); n > 0 && b[n-1] == '\n' {
		b = b[:n-1]
	}
	if n := len(b); n > 0 && b[n-1] == '\r' {
		b = b[:n-1]
	}
	return b
}

// readHeader reads the first record and checks it against the name.
func (r *Reader) readHeader() error {
	raw, _, err := r.readLine()
	if err == io.EOF {
		if r.bytes == 0 {
			return fileErr(r.file, 0, CodeEmptyFile, "the file has no bytes")
		}
		return fileErr(r.file, 0, CodeEmptyFile, "the file has no records")
	}
	if err != nil {
		return fmt.Errorf("%s:%d: %w", r.file, r.sum.Lines, err)
	}
	spans, bad := splitLine(raw, nil)
	line := r.sum.Lines
	switch {
	case bad > 0:
		return fileErr(r.file, line, CodeMissingHeader, "first line cannot be split: bad quote at column %d", bad)
	case spans[0].val != "HDR":
		return fileErr(r.file, line, CodeMissingHeader, "first record is %s, want HDR", quoteShort(spans[0].val))
	case len(spans) != len(layouts["HDR"].Fields):
		return fileErr(r.file, line, CodeMissingHeader, "HDR has %d fields, want %d", len(spans), len(layouts["HDR"].Fields))
	}
	h, err := r.checkHeader(spans, line)
	if err != nil {
		return err
	}
	r.sum.Header = h
	return nil
}

// checkHeader compares the HDR fields with the name and checks the version.
func (r *Reader) checkHeader(spans []span, line int) (Header, error) {
	v := func(i int) string { return strings.TrimSpace(spans[i].val) }
	h := Header{FileType: v(1), Deanery: v(2), Version: v(5), Mode: v(6)}
	mismatch := func(format string, args ...any) (Header, error) {
		return Header{}, fileErr(r.file, line, CodeHeaderMismatch, format, args...)
	}
	if h.FileType != r.name.Type {
		return mismatch("HDR fileType %s, name says %s", quoteShort(h.FileType), r.name.Type)
	}
	if h.Deanery != r.name.Deanery {
		return mismatch("HDR deaneryCode %s, name says %s", quoteShort(h.Deanery), r.name.Deanery)
	}
	seq := v(3)
	if seq == "" || len(seq) > 9 || !allDigits(seq) || atoi(seq) != r.name.Seq {
		return mismatch("HDR sequenceNumber %s, name says %08d", quoteShort(seq), r.name.Seq)
	}
	h.Seq = atoi(seq)
	created, ok := parseTimestamp(v(4))
	if !ok {
		return mismatch("HDR createdAt %s is not a timestamp YYYYMMDDHHMMSS", quoteShort(v(4)))
	}
	if !sameDay(created, r.name.Date) {
		return mismatch("HDR createdAt %s is not on the name's date %s", v(4), r.name.Date.Format("20060102"))
	}
	h.CreatedAt = created
	if h.Version != "1.0" {
		return Header{}, fileErr(r.file, line, CodeUnsupportedVersion, "HDR formatVersion %s, want \"1.0\"", quoteShort(h.Version))
	}
	return h, nil
}

func sameDay(a, b time.Time) bool {
	ay, am, ad := a.Date()
	by, bm, bd := b.Date()
	return ay == by && am == bm && ad == bd
}

// readTrailer keeps the TRL count; checking waits for the end, since only
// then is it known that the TRL is last.
func (r *Reader) readTrailer(spans []span) {
	r.sawTRL = r.sum.Lines
	r.sum.Trailer = -2 // seen but unreadable, until parsed below
	if len(spans) != 2 {
		return
	}
	c := strings.TrimSpace(spans[1].val)
	if c != "" && len(c) <= 9 && allDigits(c) {
		r.sum.Trailer = atoi(c)
	}
}

// finish runs the end-of-file checks: the trailer is there, last, and
// counts the records; and the DPN warnings of an APP file.
func (r *Reader) finish() error {
	r.sum.Warnings = append(r.sum.Warnings, r.dpnWarnings()...)
	switch {
	case r.sawTRL == 0:
		return fileErr(r.file, r.sum.Lines, CodeMissingTrailer, "no TRL record: the file is truncated")
	case r.sum.Trailer == -2:
		return fileErr(r.file, r.sawTRL, CodeCountMismatch, "TRL has no readable record count")
	case r.sum.Trailer != r.sum.Records:
		return fileErr(r.file, r.sawTRL, CodeCountMismatch, "TRL says %d records, the file has %d", r.sum.Trailer, r.sum.Records)
	}
	return io.EOF
}

// dpnWarnings lists the DPNs with more than DPNLimit APP records, in DPN
// order so that the output is stable.
func (r *Reader) dpnWarnings() []Warning {
	var ws []Warning
	for dpn, n := range r.sum.DPNCounts {
		if n > DPNLimit {
			ws = append(ws, Warning{File: r.file, Code: CodeDPNOver40, DPN: dpn, Count: n,
				Message: fmt.Sprintf("%d APP records for DPN %s, more than %d: ESR quarantines the file", n, dpn, DPNLimit)})
		}
	}
	sort.Slice(ws, func(i, j int) bool { return ws[i].DPN < ws[j].DPN })
	return ws
}

// quoteShort quotes a value for a message, cut to 40 characters so that a
// runaway field cannot flood a report.
func quoteShort(v string) string {
	const max = 40
	if utf8.RuneCountInString(v) > max {
		v = string([]rune(v)[:max]) + "…"
	}
	return fmt.Sprintf("%q", v)
}
