package extract

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
)

// Writer writes canonical rows in a profile's file format, exactly as the
// supplier would: its delimiter, quoting, character set, date format,
// descriptions instead of codes, and the end marker with the row count.
// Lines end in LF. Reading the file back gives the same canonical values
// (values kept in canonical form, as a Reader produces them).
type Writer struct {
	p      *Profile
	lay    *layout
	entity Entity
	w      *bufio.Writer
	rows   int
	header bool
	err    error
	line   []byte
}

// NewWriter writes an extract of entity e in profile p to w. Close writes
// the end marker and flushes; it does not close w.
func NewWriter(p *Profile, e Entity, w io.Writer) *Writer {
	wr := &Writer{p: p, lay: p.layouts[e], entity: e, w: bufio.NewWriterSize(w, 64<<10)}
	if wr.lay == nil {
		wr.err = fmt.Errorf("profile %s has no entity %q: %w", p.name, e, ErrValue)
	}
	return wr
}

// Write writes one row; values are aligned with Columns(entity). The flags
// report values the format forced to change (a '|' in an Empower value
// becomes '/', a character Windows-1252 lacks becomes '?', a value missing
// from a value map is written as it is). A value the layout cannot carry
// at all is an error wrapping ErrValue, and nothing is written.
func (w *Writer) Write(values []string) ([]Flag, error) {
	if w.err != nil {
		return nil, w.err
	}
	if len(values) != len(w.lay.canon) {
		return nil, fmt.Errorf("%s row: %d values, want %d: %w", w.entity, len(values), len(w.lay.canon), ErrValue)
	}
	if err := w.writeHeader(); err != nil {
		return nil, err
	}
	var flags []Flag
	w.line = w.line[:0]
	for i := range w.lay.cols {
		fc := &w.lay.cols[i]
		v, err := w.fileValue(fc, values, &flags)
		if err != nil {
			return nil, err
		}
		if i > 0 {
			w.line = append(w.line, w.p.delim)
		}
		w.line = w.appendCell(w.line, fc.name, v, &flags)
	}
	w.line = append(w.line, '\n')
	w.rows++
	if _, err := w.w.Write(w.line); err != nil {
		w.err = err
		return flags, err
	}
	return flags, nil
}

// Close writes the header if no row was written, then the end marker, and
// flushes.
func (w *Writer) Close() error {
	if w.err != nil {
		return w.err
	}
	if err := w.writeHeader(); err != nil {
		return err
	}
	w.line = append(w.line[:0], w.p.endMarker...)
	w.line = append(w.line, w.p.delim)
	w.line = strconv.AppendInt(w.line, int64(w.rows), 10)
	w.line = append(w.line, '\n')
	if _, err := w.w.Write(w.line); err != nil {
		w.err = err
		return err
	}
	if err := w.w.Flush(); err != nil {
		w.err = err
		return err
	}
	w.err = ErrClosed
	return nil
}

// Rows is the number of rows written so far.
func (w *Writer) Rows() int { return w.rows }

func (w *Writer) writeHeader() error {
	if w.header {
		return nil
	}
	w.header = true
	var line []byte
	for i, c := range w.lay.cols {
		if i > 0 {
			line = append(line, w.p.delim)
		}
		line = w.appendCell(line, c.name, c.name, nil)
	}
	line = append(line, '\n')
	_, w.err = w.w.Write(line)
	return w.err
}

func (w *Writer) valueError(field, format string, args ...any) error {
	return &ValueError{Entity: w.entity, Row: w.rows + 1, Field: field, Message: fmt.Sprintf(format, args...)}
}

// fileValue builds the text of one file column from the canonical values.
func (w *Writer) fileValue(fc *fileCol, values []string, flags *[]Flag) (string, error) {
	if len(fc.targets) == 2 {
		return w.compositeValue(fc, values[fc.targets[0]], values[fc.targets[1]])
	}
	c := &w.lay.canon[fc.targets[0]]
	v := values[fc.targets[0]]
	if v == "" {
		return "", nil
	}
	switch c.Kind {
	case Date, Timestamp:
		canon := canonicalDate
		if c.Kind == Timestamp {
			canon = canonicalTimestamp
		}
		t, ok := canon.parse(v)
		if !ok {
			return "", w.valueError(c.Name, "%s is not a canonical %s (%s)", shown(c, v), c.Kind, canon.pattern)
		}
		return string(fc.format.appendTo(nil, t)), nil
	case Bool:
		return w.boolValue(c, v)
	case Decimal:
		return w.decimalValue(fc, c, v)
	case List:
		return w.listValue(fc, c, v)
	}
	if fc.vmap != nil {
		if f, ok := fc.vmap.toFile[v]; ok {
			return f, nil
		}
		*flags = append(*flags, Flag{Field: c.Name, Code: "VALUE_UNKNOWN", Message: fmt.Sprintf("%s not in the %s list: written as it is", shown(c, v), w.p.name)})
	}
	return v, nil
}

// compositeValue writes "SURNAME, Forenames".
//
// The surname is written exactly as given, never re-cased. Domain 7.10
// reads "surname upper-case, carried as written: surnames are never
// re-cased": Empower users key surnames in capitals, so the values an
// Empower deanery holds are already upper-case, and the layout carries
// them as they are. Upper-casing here would re-case a surname (an
// O'Brien held in mixed case would come back O'BRIEN) and break the exact
// round trip the loader and the generator rely on; a generator that models
// Empower's habit passes upper-case surnames.
func (w *Writer) compositeValue(fc *fileCol, first, rest string) (string, error) {
	switch {
	case first == "" && rest == "":
		return "", nil
	case rest == "":
		// Domain 5.11: an empty Empower forename is never written.
		return "", w.valueError(fc.name, "empty forenames cannot be written: the value would end in %q", fc.sep)
	case strings.Contains(first, fc.sep):
		return "", w.valueError(fc.name, "the first part holds %q, where the value is split", fc.sep)
	}
	return first + fc.sep + rest, nil
}

func (w *Writer) boolValue(c *Column, v string) (string, error) {
	switch v {
	case "true":
		return w.p.trueWord, nil
	case "false":
		return w.p.falseWord, nil
	}
	return "", w.valueError(c.Name, "%q is not true or false", short(v))
}

func (w *Writer) decimalValue(fc *fileCol, c *Column, v string) (string, error) {
	if !validDecimal(v) {
		return "", w.valueError(c.Name, "%q is not a decimal number", short(v))
	}
	if fc.scale == 0 {
		return v, nil
	}
	return shiftRight(v, fc.scale), nil
}

func (w *Writer) listValue(fc *fileCol, c *Column, v string) (string, error) {
	if fc.listSep == ListSeparator {
		return v, nil
	}
	if strings.Contains(v, fc.listSep) {
		return "", w.valueError(c.Name, "an item holds the list separator %q", fc.listSep)
	}
	return strings.ReplaceAll(v, ListSeparator, fc.listSep), nil
}

// appendCell writes one value in the profile's syntax and character set.
func (w *Writer) appendCell(b []byte, col, v string, flags *[]Flag) []byte {
	if w.p.quoted {
		if strings.IndexByte(v, w.p.delim) >= 0 || strings.ContainsAny(v, "\"\r\n") {
			// Minimal RFC 4180 quoting: only values that need it.
			b = append(b, '"')
			b = w.appendText(b, col, strings.ReplaceAll(v, `"`, `""`), flags)
			return append(b, '"')
		}
		return w.appendText(b, col, v, flags)
	}
	if strings.IndexByte(v, w.p.delim) >= 0 {
		v = strings.ReplaceAll(v, string(w.p.delim), w.p.delimRepl)
		addFlag(flags, col, "DELIMITER_REPLACED", fmt.Sprintf("%q in the value written as %q", w.p.delim, w.p.delimRepl))
	}
	if strings.ContainsAny(v, "\r\n") {
		v = strings.NewReplacer("\r\n", " ", "\r", " ", "\n", " ").Replace(v)
		addFlag(flags, col, "CHAR_REPLACED", "a line break in the value written as a space")
	}
	return w.appendText(b, col, v, flags)
}

func addFlag(flags *[]Flag, field, code, msg string) {
	if flags != nil {
		*flags = append(*flags, Flag{Field: field, Code: code, Message: msg})
	}
}

// appendText encodes v: UTF-8 as it is, or Windows-1252 with '?' for a
// character the code page lacks (domain section 6).
func (w *Writer) appendText(b []byte, col, v string, flags *[]Flag) []byte {
	if !w.p.cp1252 {
		return append(b, v...)
	}
	replaced := 0
	for _, r := range v {
		if r < utf8.RuneSelf {
			b = append(b, byte(r))
			continue
		}
		c, ok := charmap.Windows1252.EncodeRune(r)
		if !ok {
			c = '?'
			replaced++
		}
		b = append(b, c)
	}
	if replaced > 0 {
		addFlag(flags, col, "CHAR_REPLACED", fmt.Sprintf("%d character(s) not in Windows-1252 written as '?'", replaced))
	}
	return b
}
