package iface

import "strings"

// span is one field of a line as split, before any checking.
type span struct {
	val    string
	quoted bool // written between quotes
	stray  bool // a quote inside an unquoted field, kept as text
}

// splitLine splits one line (no line end) into fields under RFC 4180 with
// a comma: any field may be quoted, "" inside quotes is one quote, a quoted
// field may not span lines (one record per line, section 6), and a
// backslash is an ordinary character. It appends to dst and returns it with
// the 1-based byte column of a quoting fault, or 0.
//
// Fields are substrings of line, so splitting allocates only for a quoted
// field holding a doubled quote.
func splitLine(line string, dst []span) ([]span, int) {
	i := 0
	for {
		if i < len(line) && line[i] == '"' {
			sp, next, bad := quotedField(line, i)
			if bad > 0 {
				return dst, bad
			}
			dst = append(dst, sp)
			if next >= len(line) {
				return dst, 0
			}
			i = next + 1 // past the comma
			continue
		}
		// Fields are short: a plain loop beats two IndexByte calls.
		end, stray := i, false
		for end < len(line) && line[end] != ',' {
			stray = stray || line[end] == '"'
			end++
		}
		dst = append(dst, span{val: line[i:end], stray: stray})
		if end == len(line) {
			return dst, 0
		}
		i = end + 1
	}
}

// quotedField reads the quoted field opening at line[start]. It returns the
// field, the index just past its closing quote (a comma or the line end),
// or the 1-based column of a fault: no closing quote, or text after it.
func quotedField(line string, start int) (span, int, int) {
	k := start + 1
	doubled := false
	for {
		for k < len(line) && line[k] != '"' {
			k++
		}
		if k == len(line) {
			return span{}, 0, start + 1 // never closed
		}
		if k+1 < len(line) && line[k+1] == '"' {
			doubled = true
			k += 2
			continue
		}
		break
	}
	v := line[start+1 : k]
	if doubled {
		v = strings.ReplaceAll(v, `""`, `"`)
	}
	next := k + 1
	if next < len(line) && line[next] != ',' {
		return span{}, 0, next + 1 // text after the closing quote
	}
	return span{val: v, quoted: true}, next, 0
}
