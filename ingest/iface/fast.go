package iface

import (
	"strings"
	"time"

	"deanery/ingest/ident"
)

// Fast paths for the identifier rules. Most values in a file are already
// normalised and valid, and the rules' regular expressions cost more than
// everything else the reader does, so the reader first asks fastValid: it
// answers true only for a value that ident.Check would return unchanged,
// valid and without a flag. Any doubt (non-ASCII, an odd shape) answers
// false and the value goes to ident; a test and a fuzz target hold the
// promise against ident itself.

// fastKind numbers the rules that have a fast path, so that the hot loop
// switches on a small integer rather than comparing rule names.
type fastKind uint8

const (
	fastNone fastKind = iota
	fastID            // POSID, ASGID
	fastPERNO
	fastPOSNO
	fastGMC
	fastVPD
	fastNINOKind
	fastDPNKind
	fastPCODE
	fastEMAIL
	fastPHONE
	fastNAME
	fastTRUST
	fastSITE
)

var fastKinds = map[Rule]fastKind{
	ident.POSID: fastID, ident.ASGID: fastID, ident.PERNO: fastPERNO, ident.POSNO: fastPOSNO,
	ident.GMC: fastGMC, ident.VPD: fastVPD, ident.NINO: fastNINOKind, ident.DPN: fastDPNKind,
	ident.PCODE: fastPCODE, ident.EMAIL: fastEMAIL, ident.PHONE: fastPHONE, ident.NAME: fastNAME,
	ident.TRUST: fastTRUST, ident.SITE: fastSITE,
}

// fastValid reports whether v is certainly normalised and valid under rule.
func fastValid(rule Rule, v string) bool { return fastCheck(fastKinds[rule], v) }

func fastCheck(k fastKind, v string) bool {
	switch k {
	case fastID:
		return digitsBetween(v, 1, 15) && v[0] != '0'
	case fastPERNO:
		return digitsBetween(v, 1, 10) && v[0] != '0'
	case fastPOSNO:
		return digitsBetween(v, 1, 10)
	case fastGMC:
		return digitsBetween(v, 7, 7)
	case fastVPD:
		return digitsBetween(v, 3, 3)
	case fastNINOKind:
		return fastNINO(v)
	case fastDPNKind:
		return fastDPN(v)
	case fastPCODE:
		return fastPostcode(v)
	case fastEMAIL:
		return fastEmail(v)
	case fastPHONE:
		return fastPhone(v)
	case fastNAME:
		return fastName(v)
	case fastTRUST:
		return len(v) >= 3 && len(v) <= 5 && allOf(v, upperDigit)
	case fastSITE:
		return len(v) >= 1 && len(v) <= 10 && allOf(v, upperDigit)
	}
	return false
}

// civil is a calendar day as numbers, so that the hot loop does no time
// arithmetic.
type civil struct{ y, m, d int }

func civilOf(t time.Time) civil {
	y, m, d := t.Date()
	return civil{y, int(m), d}
}

// fastBirthDate reports whether a well-formed YYYYMMDD birth date is
// certainly valid and plausible on asOf, as ident.CheckBirthDate judges.
func fastBirthDate(v string, asOf civil) bool {
	if !validDate(v) {
		return false
	}
	y, m, d := atoi(v[:4]), atoi(v[4:6]), atoi(v[6:8])
	if y < 1900 || y > 2099 {
		return false
	}
	age := asOf.y - y // as ident.Age: one less before the birthday
	if asOf.m < m || (asOf.m == m && asOf.d < d) {
		age--
	}
	return age >= ident.MinPlausibleAge && age <= ident.MaxPlausibleAge
}

func digitsBetween(v string, lo, hi int) bool {
	return len(v) >= lo && len(v) <= hi && allDigits(v)
}

func allOf(v string, ok func(byte) bool) bool {
	for i := 0; i < len(v); i++ {
		if !ok(v[i]) {
			return false
		}
	}
	return true
}

func upperDigit(c byte) bool { return isUpper(c) || isDigit(c) }

// fastNINO: HMRC NIM39110, as ident's pattern and forbidden prefixes.
func fastNINO(v string) bool {
	if len(v) != 9 || !allDigits(v[2:8]) || v[8] < 'A' || v[8] > 'D' {
		return false
	}
	if strings.IndexByte("ABCEGHJKLMNOPRSTWXYZ", v[0]) < 0 || strings.IndexByte("ABCEGHJKLMNPRSTWXYZ", v[1]) < 0 {
		return false
	}
	switch v[:2] {
	case "BG", "GB", "KN", "NK", "NT", "TN", "ZZ":
		return false
	}
	return true
}

// fastDPN: BODY/SITE/SPEC/GRADE/NNN[/SUFFIX], at most 30 characters.
func fastDPN(v string) bool {
	if len(v) > 30 {
		return false
	}
	var parts [6]string
	n := 0
	for rest := v; ; n++ {
		if n == len(parts) {
			return false
		}
		i := strings.IndexByte(rest, '/')
		if i < 0 {
			parts[n] = rest
			n++
			break
		}
		parts[n], rest = rest[:i], rest[i+1:]
	}
	if n < 5 {
		return false
	}
	ok := between(parts[0], 2, 4) && allOf(parts[0], isUpper) &&
		between(parts[1], 1, 10) && allOf(parts[1], upperDigit) &&
		between(parts[2], 1, 6) && allOf(parts[2], upperDigit) &&
		between(parts[3], 1, 8) && allOf(parts[3], func(c byte) bool { return upperDigit(c) || c == '(' || c == ')' }) &&
		digitsBetween(parts[4], 3, 3)
	if n == 6 {
		ok = ok && len(parts[5]) == 1 && strings.IndexByte("SMAP", parts[5][0]) >= 0
	}
	return ok
}

func between(s string, lo, hi int) bool { return len(s) >= lo && len(s) <= hi }

// fastPostcode: a normalised valid UK postcode, one space before the
// inward code.
func fastPostcode(v string) bool {
	n := len(v)
	if n < 6 || n > 8 || v[n-4] != ' ' {
		return false
	}
	out, in := v[:n-4], v[n-3:]
	if !isDigit(in[0]) || !inwardLetter(in[1]) || !inwardLetter(in[2]) {
		return v == "GIR 0AA"
	}
	// outward: [A-Z]{1,2}[0-9][A-Z0-9]?
	i := 0
	for i < len(out) && i < 2 && isUpper(out[i]) {
		i++
	}
	if i == 0 || i >= len(out) || !isDigit(out[i]) {
		return false
	}
	rest := out[i+1:]
	return len(rest) == 0 || (len(rest) == 1 && upperDigit(rest[0]))
}

// inwardLetter: the letters of an inward code, not C I K M O V.
func inwardLetter(c byte) bool {
	return isUpper(c) && strings.IndexByte("CIKMOV", c) < 0
}

// fastEmail: lower-case printable ASCII, one @, a dot inside the domain.
func fastEmail(v string) bool {
	if len(v) > 240 {
		return false
	}
	at := -1
	for i := 0; i < len(v); i++ {
		c := v[i]
		if c <= ' ' || c > '~' || isUpper(c) {
			return false
		}
		if c == '@' {
			if at >= 0 {
				return false
			}
			at = i
		}
	}
	if at < 1 {
		return false
	}
	return dotInside(v[at+1:])
}

// dotInside reports whether some dot in dom has a character on each side.
func dotInside(dom string) bool {
	for i := 1; i < len(dom)-1; i++ {
		if dom[i] == '.' {
			return true
		}
	}
	return false
}

// fastPhone: digits and inner spaces, an optional leading +, 10–15 digits.
func fastPhone(v string) bool {
	if v == "" || v[0] == ' ' || v[len(v)-1] == ' ' {
		return false
	}
	body := strings.TrimPrefix(v, "+")
	if body == "" {
		return false
	}
	n := 0
	for i := 0; i < len(body); i++ {
		switch c := body[i]; {
		case isDigit(c):
			n++
		case c != ' ':
			return false
		}
	}
	return n >= 10 && n <= 15
}

// fastName: printable ASCII with a letter, single inner spaces, at most
// 150 characters. Accented names go to ident, which knows Unicode spaces.
func fastName(v string) bool {
	if v == "" || len(v) > 150 || v[0] == ' ' || v[len(v)-1] == ' ' {
		return false
	}
	letter := false
	for i := 0; i < len(v); i++ {
		c := v[i]
		switch {
		case c < ' ' || c > '~':
			return false
		case c == ' ' && v[i-1] == ' ':
			return false
		case isUpper(c) || isLower(c):
			letter = true
		}
	}
	return letter
}
