package iface

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Writer writes an interface file with the exact encoding of section 6:
// the record type and N, L, D, T values unquoted; X and F values quoted
// with '"' doubled; a null as an empty unquoted field; LF line ends; no
// BOM. The HDR goes out with the first record (or at Close), the TRL with
// the record count at Close.
//
// A writer writes values as given, normalising nothing but N(n,m) decimals,
// so that a simulator can write the faults real files carry (an unpadded
// VPD code, a postcode ending in a comma). It refuses only what would
// break the encoding: text that is not UTF-8 or holds a line break, and
// N, L, D, T values that are not numbers, dates or timestamps.
type Writer struct {
	bw      *bufio.Writer
	name    Name
	hdr     Header
	file    string
	started bool
	closed  bool
	count   int
	err     error // sticky write error
	buf     []byte
}

// NewWriter returns a writer of the file named name. Its HDR takes type,
// deanery and sequence number from name, and createdAt, mode and version
// from hdr (version "1.0" when empty); hdr.CreatedAt must fall on the
// name's date.
func NewWriter(w io.Writer, name Name, hdr Header) *Writer {
	if hdr.Version == "" {
		hdr.Version = "1.0"
	}
	hdr.FileType, hdr.Deanery, hdr.Seq = name.Type, name.Deanery, name.Seq
	return &Writer{bw: bufio.NewWriterSize(w, 64<<10), name: name, hdr: hdr, file: name.String()}
}

// Count returns the number of records written so far (HDR and TRL not
// counted).
func (w *Writer) Count() int { return w.count }

// Write writes one record. values holds field i of the record type's
// layout at index i, as in Record.Values; values[0] is the record type or
// empty. It returns a TRUNCATED flag for each X or F value cut to its
// length. On error nothing is written and the writer stays usable, unless
// the error came from the underlying writer.
func (w *Writer) Write(recordType string, values []string) ([]Flag, error) {
	if err := w.ready(); err != nil {
		return nil, err
	}
	line := w.count + 2
	l, ok := layouts[recordType]
	if !ok || !allows(w.name.Type, recordType) {
		return nil, fmt.Errorf("%s:%d: record type %s is not allowed in a %s file: %w",
			w.file, line, quoteShort(recordType), w.name.Type, ErrInvalidValue)
	}
	if len(values) != len(l.Fields) {
		return nil, fmt.Errorf("%s:%d: %s: %d values, layout has %d fields: %w",
			w.file, line, recordType, len(values), len(l.Fields), ErrInvalidValue)
	}
	if values[0] != "" && values[0] != recordType {
		return nil, fmt.Errorf("%s:%d: recordType: value %s differs from %s: %w",
			w.file, line, quoteShort(values[0]), recordType, ErrInvalidValue)
	}
	buf, flags, err := encodeRecord(w.buf[:0], l, values)
	w.buf = buf
	if err != nil {
		return nil, fmt.Errorf("%s:%d: %s %w", w.file, line, recordType, err)
	}
	w.put(buf)
	w.count++
	return flags, w.err
}

// Close writes the HDR if no record did, then the TRL, and flushes. It
// does not close the underlying writer.
func (w *Writer) Close() error {
	if w.closed {
		return w.err
	}
	if err := w.ready(); err != nil {
		return err
	}
	w.closed = true
	w.buf = append(w.buf[:0], "TRL,"...)
	w.buf = strconv.AppendInt(w.buf, int64(w.count), 10)
	w.put(w.buf)
	if w.err == nil {
		w.err = w.bw.Flush()
	}
	return w.err
}

// ready writes the HDR before the first record.
func (w *Writer) ready() error {
	if w.closed {
		return fmt.Errorf("%s: write after Close: %w", w.file, errClosed)
	}
	if w.err != nil || w.started {
		return w.err
	}
	if err := w.checkHeader(); err != nil {
		return err
	}
	w.started = true
	w.put(encodeHeader(w.buf[:0], w.hdr))
	return w.err
}

var errClosed = errors.New("writer closed")

// checkHeader refuses a header the reader would reject as not matching
// the name: a writer never produces such a file by accident.
func (w *Writer) checkHeader() error {
	switch {
	case !w.name.Valid():
		return fmt.Errorf("%s: not a valid file name: %w", w.file, ErrInvalidValue)
	case w.hdr.CreatedAt.IsZero() || !sameDay(w.hdr.CreatedAt, w.name.Date):
		return fmt.Errorf("%s: HDR createdAt %s is not on the name's date: %w",
			w.file, w.hdr.CreatedAt.Format("20060102150405"), ErrInvalidValue)
	case w.hdr.Mode != "" && w.hdr.Mode != "FULL" && w.hdr.Mode != "CHANGE":
		return fmt.Errorf("%s: HDR mode %s, want FULL, CHANGE or empty: %w", w.file, quoteShort(w.hdr.Mode), ErrInvalidValue)
	case !writableText(w.hdr.Version):
		return fmt.Errorf("%s: HDR formatVersion %s cannot be written: %w", w.file, quoteShort(w.hdr.Version), ErrInvalidValue)
	}
	return nil
}

// put writes one line, keeping the first write error.
func (w *Writer) put(line []byte) {
	if w.err != nil {
		return
	}
	if _, err := w.bw.Write(line); err != nil {
		w.err = err
		return
	}
	w.err = w.bw.WriteByte('\n')
}

// encodeHeader renders HDR,"APP","OXF",00000089,20110505180000,"1.0",<mode>.
func encodeHeader(b []byte, h Header) []byte {
	b = append(b, "HDR,"...)
	b = appendQuoted(b, h.FileType)
	b = append(b, ',')
	b = appendQuoted(b, h.Deanery)
	b = append(b, ',')
	b = append(b, fmt.Sprintf("%08d", h.Seq)...)
	b = append(b, ',')
	b = h.CreatedAt.AppendFormat(b, "20060102150405")
	b = append(b, ',')
	b = appendQuoted(b, h.Version)
	b = append(b, ',')
	if h.Mode != "" {
		b = appendQuoted(b, h.Mode)
	}
	return b
}

// encodeRecord renders one record line (without line end).
func encodeRecord(b []byte, l *RecordLayout, values []string) ([]byte, []Flag, error) {
	var flags []Flag
	b = append(b, l.RecordType...)
	for i := 1; i < len(l.Fields); i++ {
		f := &l.Fields[i]
		b = append(b, ',')
		v := values[i]
		if v == "" {
			continue // null: empty and unquoted whatever the type
		}
		var err error
		if f.Type.Quoted() {
			var cut bool
			if v, cut, err = fitText(f, v); cut {
				flags = append(flags, Flag{Field: f.Name, Code: CodeTruncated,
					Message: fmt.Sprintf("%s cut to %d characters", f.Name, f.Len)})
			}
			b = appendQuoted(b, v)
		} else {
			v, err = plainValue(f, v)
			b = append(b, v...)
		}
		if err != nil {
			return b, nil, fmt.Errorf("%s: %w", f.Name, err)
		}
	}
	return b, flags, nil
}

// fitText checks an X or F value and cuts it to n characters.
func fitText(f *Field, v string) (string, bool, error) {
	if !writableText(v) {
		return v, false, fmt.Errorf("text that is not UTF-8 or holds a line break: %w", ErrInvalidValue)
	}
	if len(v) <= f.Len {
		return v, false, nil
	}
	n := 0
	for i := range v {
		if n == f.Len {
			return v[:i], true, nil
		}
		n++
	}
	return v, false, nil
}

// writableText reports whether v fits on one line of a UTF-8 file.
func writableText(v string) bool {
	return utf8.ValidString(v) && !strings.ContainsAny(v, "\r\n")
}

// plainValue checks an unquoted (N, L, D, T) value; N(n,m) gets exactly m
// decimals.
func plainValue(f *Field, v string) (string, error) {
	bad := func(want string) (string, error) {
		return v, fmt.Errorf("%s is not %s: %w", show(f, v), want, ErrInvalidValue)
	}
	switch f.Type {
	case N:
		if f.Dec > 0 {
			s, err := FormatDecimal(v, f.Dec)
			if err != nil || strings.HasPrefix(s, "-") {
				return bad("a decimal number")
			}
			return s, nil
		}
		if !allDigits(v) {
			return bad("a number")
		}
	case L:
		if !allDigits(v) {
			return bad("a zero-padded number")
		}
	case D:
		if _, ok := parseDate(v); !ok {
			return bad("a date YYYYMMDD")
		}
	case T:
		if _, ok := parseTimestamp(v); !ok {
			return bad("a timestamp YYYYMMDDHHMMSS")
		}
	}
	return v, nil
}

// appendQuoted appends v between quotes, doubling any quote in it.
func appendQuoted(b []byte, v string) []byte {
	b = append(b, '"')
	for {
		i := strings.IndexByte(v, '"')
		if i < 0 {
			break
		}
		b = append(b, v[:i+1]...)
		b = append(b, '"')
		v = v[i+1:]
	}
	b = append(b, v...)
	return append(b, '"')
}
