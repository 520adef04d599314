package extract

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Row is one canonical row: Values are aligned with Columns(entity) and
// are canonical text ("" = null). A row stays valid after the reader moves
// on, so rows can be batched.
type Row struct {
	Line   int // first line of the record in the file (1 = header)
	Values []string
	Raw    string // the record as read, decoded to UTF-8, without line end
	Flags  []Flag
}

// Reader streams the canonical rows of one extract file. Bad rows come as
// rejects and reading goes on; a whole-file error (*FileError) ends it.
// Rows are handed out before the end marker is checked, so a caller that
// loads them must undo the load when Err returns a *FileError.
//
//	for rd.Next() {
//		if rej := rd.Reject(); rej != nil { ...; continue }
//		row := rd.Row()
//	}
//	if err := rd.Err(); err != nil { ... }
type Reader struct {
	p      *Profile
	lay    *layout
	entity Entity
	file   string
	src    *bufio.Reader

	line     int  // physical lines read
	sawBytes bool // the file is not empty
	started  bool
	done     bool
	order    []int // file position -> layout column
	records  int   // data records, rejected ones included: what the end marker counts
	marker   *endMarker
	held     record // a record read ahead while reporting a misplaced marker
	holding  bool

	row Row
	rej *Reject
	err error

	long   []byte // a line longer than the read buffer
	fields []string
	arena  []byte
	spans  []span
	vals   []string
	flags  []Flag
	text   textArena
	slab   valueSlab
	cache  ruleCache

	// The (modified_at, id) of the last row, to flag rows out of the
	// change-log order that domain 7.10 promises.
	lastModified, lastID string
	lastLine             int
	modIdx               int
}

type endMarker struct {
	line  int
	count int
	raw   string
}

type record struct {
	line     int
	raw      string
	badQuote bool
	flags    []Flag
}

// span is a canonical value built in the row's arena.
type span struct{ idx, start, end int }

// NewReader reads an extract of entity e written in profile p (not nil). fileName is
// used in messages and must be a name of the profile for e (checked
// unless it is ""). Problems show through Next, Reject and Err.
func NewReader(p *Profile, e Entity, fileName string, r io.Reader) *Reader {
	rd := &Reader{p: p, entity: e, file: fileName, src: bufio.NewReaderSize(r, 64<<10)}
	rd.lay = p.layouts[e]
	switch {
	case rd.lay == nil:
		rd.err = fileError(fileName, 0, ErrBadFileName, "profile %s has no entity %q", p.name, e)
	case fileName != "":
		if fi, ok := p.ParseName(fileName); !ok || fi.Entity != e {
			rd.err = fileError(fileName, 0, ErrBadFileName, "not a %s %s file name", p.name, e)
		}
	}
	return rd
}

// Next advances to the next row or reject; false at the end of the file
// or on a whole-file error.
func (r *Reader) Next() bool {
	r.row, r.rej = Row{}, nil
	if r.err != nil || r.done {
		return false
	}
	if !r.started && !r.start() {
		return false
	}
	for {
		rec, ok := r.nextRecord()
		if !ok {
			r.finish()
			return false
		}
		if isBlank(rec.raw) {
			continue
		}
		if r.marker != nil {
			// Something follows the end marker: it was not the end.
			r.rej = r.reject(r.marker.line, "", "BAD_TRAILER", "end marker is not the last line", r.marker.raw)
			r.marker, r.held, r.holding = nil, rec, true
			return true
		}
		if r.take(rec) {
			return true
		}
	}
}

// Row is the current row, valid when Reject is nil.
func (r *Reader) Row() Row { return r.row }

// Reject is the current reject, or nil when the current record is a row.
func (r *Reader) Reject() *Reject { return r.rej }

// Err is the whole-file error (a *FileError) or an I/O error, once Next
// has returned false.
func (r *Reader) Err() error { return r.err }

// ReadAll reads the rest of the file.
func (r *Reader) ReadAll() ([]Row, []Reject, error) {
	var rows []Row
	var rejects []Reject
	for r.Next() {
		if rej := r.Reject(); rej != nil {
			rejects = append(rejects, *rej)
			continue
		}
		rows = append(rows, r.Row())
	}
	return rows, rejects, r.Err()
}

// take turns a record into the current row or reject; false for a record
// that yields neither (blank line, a well-formed end marker).
func (r *Reader) take(rec record) bool {
	fields, quoteOK := r.split(rec.raw)
	if len(fields) > 0 && strings.TrimSpace(fields[0]) == r.p.endMarker {
		return r.takeMarker(rec, fields)
	}
	r.records++
	if rec.badQuote || !quoteOK {
		r.rej = r.reject(rec.line, "", "BAD_QUOTE", "a quoted value is not closed or is followed by text", rec.raw)
		return true
	}
	if len(fields) != len(r.order) {
		r.rej = r.reject(rec.line, "", "FIELD_COUNT", fmt.Sprintf("%d fields, want %d", len(fields), len(r.order)), rec.raw)
		return true
	}
	r.convert(rec, fields)
	return true
}

func (r *Reader) takeMarker(rec record, fields []string) bool {
	n, err := strconv.Atoi(strings.TrimSpace(safeIndex(fields, 1)))
	if len(fields) != 2 || err != nil || n < 0 {
		r.rej = r.reject(rec.line, "", "BAD_TRAILER", fmt.Sprintf("end marker must be %s%c<count>", r.p.endMarker, r.p.delim), rec.raw)
		return true
	}
	r.marker = &endMarker{line: rec.line, count: n, raw: rec.raw}
	return false
}

func safeIndex(s []string, i int) string {
	if i < len(s) {
		return s[i]
	}
	return ""
}

// finish checks the end of the file: the last record must be the end
// marker, and its count the number of data records.
func (r *Reader) finish() {
	r.done = true
	if r.err != nil {
		return
	}
	switch {
	case r.marker == nil:
		r.err = fileError(r.file, r.line, ErrMissingTrailer, "no end marker %s%c<count> on the last line: the file may be truncated", r.p.endMarker, r.p.delim)
	case r.marker.count != r.records:
		r.err = fileError(r.file, r.marker.line, ErrCountMismatch, "end marker counts %d rows, the file holds %d", r.marker.count, r.records)
	}
}

func (r *Reader) reject(line int, field, code, msg, raw string) *Reject {
	return &Reject{File: r.file, Line: line, Field: field, Code: code, Message: msg, Raw: raw}
}

// start reads the header row and maps its names onto the profile's
// columns by name, so a supplier that reorders columns is still read.
func (r *Reader) start() bool {
	r.started = true
	rec, ok := r.nextRecord()
	for ok && isBlank(rec.raw) {
		rec, ok = r.nextRecord()
	}
	if r.err != nil {
		return false
	}
	if !r.sawBytes {
		r.err = fileError(r.file, 0, ErrEmptyFile, "the file has no bytes")
		return false
	}
	if !ok {
		r.err = fileError(r.file, r.line, ErrBadHeader, "no header row")
		return false
	}
	names, quoteOK := r.split(rec.raw)
	if problem := r.mapHeader(names); problem != "" || !quoteOK || rec.badQuote {
		if problem == "" {
			problem = "bad quoting"
		}
		r.err = fileError(r.file, rec.line, ErrBadHeader, "%s", problem)
		return false
	}
	r.modIdx = ColumnIndex(r.entity, "modified_at")
	return true
}

// mapHeader fills r.order, or says which names are missing or unknown.
func (r *Reader) mapHeader(names []string) string {
	want := make(map[string]int, len(r.lay.cols))
	for i, c := range r.lay.cols {
		want[c.name] = i
	}
	r.order = make([]int, len(names))
	seen := make(map[int]bool, len(names))
	var unknown, missing, twice []string
	for pos, n := range names {
		n = strings.TrimSpace(n)
		i, ok := want[n]
		switch {
		case !ok:
			unknown = append(unknown, strconv.Quote(short(n)))
		case seen[i]:
			twice = append(twice, n)
		}
		seen[i] = ok
		r.order[pos] = i
	}
	for _, c := range r.lay.cols {
		if !seen[want[c.name]] {
			missing = append(missing, c.name)
		}
	}
	var parts []string
	for _, p := range []struct {
		what  string
		names []string
	}{{"missing", missing}, {"unknown", unknown}, {"repeated", twice}} {
		if len(p.names) > 0 {
			parts = append(parts, fmt.Sprintf("%s column(s) %s", p.what, strings.Join(p.names, ", ")))
		}
	}
	if len(parts) == 0 {
		return ""
	}
	return fmt.Sprintf("header of a %s %s file: %s", r.p.name, r.entity, strings.Join(parts, "; "))
}

// short cuts text for messages so that a runaway field cannot flood them.
func short(s string) string {
	const max = 40
	if utf8.RuneCountInString(s) <= max {
		return s
	}
	return string([]rune(s)[:max]) + "…"
}

// nextRecord returns the held record, or reads one.
func (r *Reader) nextRecord() (record, bool) {
	if r.holding {
		r.holding = false
		return r.held, true
	}
	return r.readRecord()
}

// isBlank reports a line of spaces only: such lines carry no record and
// are skipped wherever they are.
func isBlank(s string) bool {
	for i := range len(s) {
		if c := s[i]; c != ' ' && c != '\t' && c != '\r' {
			return false
		}
	}
	return true
}
