package extract

import (
	"fmt"
	"strings"
)

// timeFormat is a fixed-width date or timestamp pattern written as data in
// a profile: YYYY, MM, DD, hh, mm, ss stand for digits, anything else is a
// literal. A pattern rather than a Go layout keeps profiles readable by
// people who do not write Go, and parsing by hand keeps the reader free of
// allocations.
type timeFormat struct {
	pattern string
	parts   []timePart
	width   int
	// sameAs is set on a format whose digits sit where the canonical
	// form's do (YYYY-MM-DDThh:mm:ss): converting is then a copy with the
	// literals replaced, the hot path of reading Intrepid timestamps.
	sameAs *timeFormat
	// offsets of YYYY, MM, DD, hh, mm, ss (-1 when absent), and literal
	// positions: parse reads fields at fixed places without walking parts.
	off  [6]int
	lits []litByte
}

type litByte struct {
	pos int
	c   byte
}

var fieldOrder = [6]byte{'Y', 'M', 'D', 'h', 'm', 's'}

type timePart struct {
	field   byte // 'Y', 'M', 'D', 'h', 'm', 's', or 0 for a literal
	width   int
	literal string
}

var timeTokens = []struct {
	token string
	field byte
}{{"YYYY", 'Y'}, {"MM", 'M'}, {"DD", 'D'}, {"hh", 'h'}, {"mm", 'm'}, {"ss", 's'}}

// compileTimeFormat reads a pattern; dateOnly says whether time-of-day
// tokens are forbidden, and full dates need Y, M and D (timestamps h, m, s too).
func compileTimeFormat(pattern string, dateOnly bool) (*timeFormat, error) {
	f := &timeFormat{pattern: pattern}
	seen := map[byte]bool{}
	for rest := pattern; rest != ""; {
		if p, n, ok := matchToken(rest); ok {
			if seen[p.field] {
				return nil, fmt.Errorf("format %q: %s twice", pattern, rest[:n])
			}
			seen[p.field] = true
			f.parts = append(f.parts, p)
			f.width += p.width
			rest = rest[n:]
			continue
		}
		f.addLiteral(rest[:1])
		rest = rest[1:]
	}
	want := "YMD"
	if !dateOnly {
		want = "YMDhms"
	}
	for i := range len(want) {
		if !seen[want[i]] {
			return nil, fmt.Errorf("format %q: lacks %c", pattern, want[i])
		}
	}
	if dateOnly && (seen['h'] || seen['m'] || seen['s']) {
		return nil, fmt.Errorf("format %q: a date format has no time of day", pattern)
	}
	f.index()
	return f, nil
}

func (f *timeFormat) index() {
	f.off = [6]int{-1, -1, -1, -1, -1, -1}
	pos := 0
	for _, p := range f.parts {
		if p.field == 0 {
			for i := range len(p.literal) {
				f.lits = append(f.lits, litByte{pos + i, p.literal[i]})
			}
		}
		for i, fld := range fieldOrder {
			if p.field == fld {
				f.off[i] = pos
			}
		}
		pos += p.width
	}
}

func matchToken(s string) (timePart, int, bool) {
	for _, t := range timeTokens {
		if strings.HasPrefix(s, t.token) {
			return timePart{field: t.field, width: len(t.token)}, len(t.token), true
		}
	}
	return timePart{}, 0, false
}

func (f *timeFormat) addLiteral(s string) {
	if n := len(f.parts); n > 0 && f.parts[n-1].field == 0 {
		f.parts[n-1].literal += s
		f.parts[n-1].width += len(s)
	} else {
		f.parts = append(f.parts, timePart{literal: s, width: len(s)})
	}
	f.width += len(s)
}

// stamp is a parsed date or timestamp; time fields are zero for dates.
type stamp struct{ y, mo, d, h, mi, s int }

// parse reads s, which must match the pattern exactly and name a real day
// in 1900–2099 (the DATE rule of domain section 3).
func (f *timeFormat) parse(s string) (stamp, bool) {
	var t stamp
	if len(s) != f.width {
		return t, false
	}
	for _, l := range f.lits {
		if s[l.pos] != l.c {
			return t, false
		}
	}
	ok := true
	t.y = num(s, f.off[0], 4, &ok)
	t.mo = num(s, f.off[1], 2, &ok)
	t.d = num(s, f.off[2], 2, &ok)
	t.h = num(s, f.off[3], 2, &ok)
	t.mi = num(s, f.off[4], 2, &ok)
	t.s = num(s, f.off[5], 2, &ok)
	return t, ok && t.valid()
}

// num reads width digits at off; an absent field (off < 0) is 0.
func num(s string, off, width int, ok *bool) int {
	if off < 0 {
		return 0
	}
	n := 0
	for i := off; i < off+width; i++ {
		c := s[i] - '0'
		if c > 9 {
			*ok = false
		}
		n = n*10 + int(c)
	}
	return n
}

func digits(s string) (int, bool) {
	n := 0
	for i := range len(s) {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

func (t stamp) get(field byte) int {
	switch field {
	case 'Y':
		return t.y
	case 'M':
		return t.mo
	case 'D':
		return t.d
	case 'h':
		return t.h
	case 'm':
		return t.mi
	}
	return t.s
}

func (t stamp) valid() bool {
	if t.y < 1900 || t.y > 2099 || t.mo < 1 || t.mo > 12 || t.d < 1 || t.d > daysIn(t.y, t.mo) {
		return false
	}
	return t.h < 24 && t.mi < 60 && t.s < 60
}

func daysIn(y, m int) int {
	switch m {
	case 2:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// convert appends v, already parsed by f, in format to.
func (f *timeFormat) convert(b []byte, v string, t stamp, to *timeFormat) []byte {
	if f.sameAs != to {
		return appendCanonical(b, t, to == canonicalTimestamp)
	}
	start := len(b)
	b = append(b, v...)
	pos := start
	for _, p := range to.parts {
		if p.field == 0 {
			copy(b[pos:], p.literal)
		}
		pos += p.width
	}
	return b
}

// appendCanonical writes YYYY-MM-DD[ hh:mm:ss] without walking a pattern.
func appendCanonical(b []byte, t stamp, withTime bool) []byte {
	var buf [19]byte
	put := func(at, n, width int) {
		for i := at + width - 1; i >= at; i-- {
			buf[i] = byte('0' + n%10)
			n /= 10
		}
	}
	put(0, t.y, 4)
	buf[4] = '-'
	put(5, t.mo, 2)
	buf[7] = '-'
	put(8, t.d, 2)
	if !withTime {
		return append(b, buf[:10]...)
	}
	buf[10] = ' '
	put(11, t.h, 2)
	buf[13] = ':'
	put(14, t.mi, 2)
	buf[16] = ':'
	put(17, t.s, 2)
	return append(b, buf[:]...)
}

// alignWith sets sameAs when f and canon put the same fields at the same
// offsets with the same widths, differing at most in literals.
func (f *timeFormat) alignWith(canon *timeFormat) {
	if f.width != canon.width || len(f.parts) != len(canon.parts) {
		return
	}
	for i, p := range f.parts {
		c := canon.parts[i]
		if p.field != c.field || p.width != c.width {
			return
		}
	}
	f.sameAs = canon
}

// appendTo writes t in the pattern.
func (f *timeFormat) appendTo(b []byte, t stamp) []byte {
	for _, p := range f.parts {
		if p.field == 0 {
			b = append(b, p.literal...)
			continue
		}
		b = appendPadded(b, t.get(p.field), p.width)
	}
	return b
}

func appendPadded(b []byte, n, width int) []byte {
	var tmp [8]byte
	for i := width - 1; i >= 0; i-- {
		tmp[i] = byte('0' + n%10)
		n /= 10
	}
	return append(b, tmp[:width]...)
}

// The canonical forms of docs/architecture.md.
var (
	canonicalDate      = mustTimeFormat("YYYY-MM-DD", true)
	canonicalTimestamp = mustTimeFormat("YYYY-MM-DD hh:mm:ss", false)
)

func mustTimeFormat(pattern string, dateOnly bool) *timeFormat {
	f, err := compileTimeFormat(pattern, dateOnly)
	if err != nil {
		panic(err) // only for the two constant patterns above
	}
	return f
}

// validDecimal reports whether s is digits with an optional fraction: the
// only decimal shape suppliers write (no sign, no grouping, '.' point).
func validDecimal(s string) bool {
	if s == "" {
		return false
	}
	dot := strings.IndexByte(s, '.')
	if dot < 0 {
		_, ok := digits(s)
		return ok && len(s) <= 18
	}
	_, ok1 := digits(s[:dot])
	_, ok2 := digits(s[dot+1:])
	return ok1 && ok2 && dot > 0 && dot < len(s)-1 && len(s) <= 18
}

// shiftLeft divides a valid decimal by 10^k in text, keeping at least k
// decimals: FTE_PCT 60 becomes 0.60, 5 becomes 0.05, 60.5 becomes 0.605.
// Text arithmetic avoids float rounding, so the round trip is exact.
func shiftLeft(b []byte, s string, k int) []byte {
	intPart, frac, _ := strings.Cut(s, ".")
	intPart = strings.TrimLeft(intPart, "0")
	for len(intPart) < k {
		intPart = "0" + intPart
	}
	cut := len(intPart) - k
	head := intPart[:cut]
	if head == "" {
		head = "0"
	}
	b = append(b, head...)
	b = append(b, '.')
	b = append(b, intPart[cut:]...)
	return append(b, frac...)
}

// shiftRight multiplies a valid decimal by 10^k in text and drops trailing
// zeros of the fraction: 0.60 becomes 60, 1.00 becomes 100, 0.605 60.5.
func shiftRight(s string, k int) string {
	intPart, frac, _ := strings.Cut(s, ".")
	for len(frac) < k {
		frac += "0"
	}
	whole := strings.TrimLeft(intPart+frac[:k], "0")
	if whole == "" {
		whole = "0"
	}
	rest := strings.TrimRight(frac[k:], "0")
	if rest == "" {
		return whole
	}
	return whole + "." + rest
}
