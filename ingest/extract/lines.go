package extract

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
)

// readRecord reads one record: one line, or more when an RFC 4180 quoted
// value holds a line break. It decodes the record to UTF-8.
func (r *Reader) readRecord() (record, bool) {
	b, ok := r.readLine()
	if !ok {
		return record{}, false
	}
	rec := record{line: r.line}
	if r.p.quoted && bytes.IndexByte(b, '"') >= 0 && openQuote(b, r.p.delim) {
		buf := append([]byte(nil), b...)
		for openQuote(buf, r.p.delim) {
			next, ok := r.readLine()
			if !ok {
				rec.badQuote = true
				break
			}
			buf = append(buf, '\n')
			buf = append(buf, next...)
		}
		b = buf
	}
	rec.raw, rec.flags = r.decode(b, rec.line)
	return rec, true
}

// readLine returns the next line without its LF or CRLF; the slice is
// valid until the next read.
func (r *Reader) readLine() ([]byte, bool) {
	b, err := r.src.ReadSlice('\n')
	if err == bufio.ErrBufferFull {
		r.long = append(r.long[:0], b...)
		for err == bufio.ErrBufferFull {
			b, err = r.src.ReadSlice('\n')
			r.long = append(r.long, b...)
		}
		b = r.long
	}
	if err != nil && err != io.EOF {
		r.err = fmt.Errorf("%s:%d: %w", r.file, r.line+1, err)
		return nil, false
	}
	if len(b) == 0 {
		return nil, false
	}
	r.sawBytes = true
	r.line++
	if r.line == 1 && !r.p.cp1252 {
		b = bytes.TrimPrefix(b, []byte("\xEF\xBB\xBF")) // a BOM is skipped, never written
	}
	b = bytes.TrimSuffix(b, []byte("\n"))
	return bytes.TrimSuffix(b, []byte("\r")), true
}

// openQuote reports whether b ends inside a quoted value.
func openQuote(b []byte, delim byte) bool {
	in, atStart := false, true
	for i := 0; i < len(b); i++ {
		c := b[i]
		switch {
		case in && c == '"' && i+1 < len(b) && b[i+1] == '"':
			i++
		case in && c == '"':
			in = false
		case !in && atStart && c == '"':
			in = true
		}
		atStart = !in && c == delim
	}
	return in
}

// decode turns the record's bytes into UTF-8 text. A UTF-8 layout that
// meets invalid bytes reads that record as Windows-1252 (the usual cause)
// and flags it, as domain section 6 says for every reader.
func (r *Reader) decode(b []byte, line int) (string, []Flag) {
	if !r.p.cp1252 {
		if utf8.Valid(b) {
			return r.text.string(b), nil
		}
		return decode1252(b), []Flag{{Code: "NOT_UTF8", Message: "the record is not valid UTF-8: read as Windows-1252"}}
	}
	for _, c := range b {
		if c >= 0x80 {
			return decode1252(b), nil
		}
	}
	return r.text.string(b), nil
}

func decode1252(b []byte) string {
	var sb strings.Builder
	sb.Grow(len(b) + 8)
	for _, c := range b {
		if c < 0x80 {
			sb.WriteByte(c)
			continue
		}
		sb.WriteRune(charmap.Windows1252.DecodeByte(c))
	}
	return sb.String()
}

// split cuts a record into fields, as substrings of s where it can. The
// bool is false for a quoted value followed by text before the delimiter.
func (r *Reader) split(s string) ([]string, bool) {
	r.fields = r.fields[:0]
	d := r.p.delim
	if !r.p.quoted || strings.IndexByte(s, '"') < 0 {
		for {
			i := strings.IndexByte(s, d)
			if i < 0 {
				r.fields = append(r.fields, s)
				return r.fields, true
			}
			r.fields = append(r.fields, s[:i])
			s = s[i+1:]
		}
	}
	return r.splitQuoted(s)
}

// splitQuoted is RFC 4180 with a lenient edge: a quote inside an unquoted
// value is an ordinary character, as it is in many suppliers' files.
func (r *Reader) splitQuoted(s string) ([]string, bool) {
	d := r.p.delim
	ok := true
	for {
		if s == "" || s[0] != '"' {
			i := strings.IndexByte(s, d)
			if i < 0 {
				r.fields = append(r.fields, s)
				return r.fields, ok
			}
			r.fields = append(r.fields, s[:i])
			s = s[i+1:]
			continue
		}
		val, rest, closed := unquote(s[1:])
		r.fields = append(r.fields, val)
		if !closed {
			return r.fields, false
		}
		if rest == "" {
			return r.fields, ok
		}
		if rest[0] != d {
			ok = false
			i := strings.IndexByte(rest, d)
			if i < 0 {
				return r.fields, false
			}
			rest = rest[i:]
		}
		s = rest[1:]
	}
}

// unquote reads a quoted value after its opening quote: the value, the
// text after the closing quote, and whether there was one.
func unquote(s string) (string, string, bool) {
	var b strings.Builder
	for {
		i := strings.IndexByte(s, '"')
		if i < 0 {
			return s, "", false
		}
		if i+1 < len(s) && s[i+1] == '"' {
			b.WriteString(s[:i+1])
			s = s[i+2:]
			continue
		}
		if b.Len() == 0 {
			return s[:i], s[i+1:], true
		}
		b.WriteString(s[:i])
		return b.String(), s[i+1:], true
	}
}
