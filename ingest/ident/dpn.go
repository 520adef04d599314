package ident

import (
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"
)

// dpnRe is the TIS schema pattern, with groups for the parts.
var dpnRe = regexp.MustCompile(`^([A-Z]{2,4})/([A-Z0-9]{1,10})/([A-Z0-9]{1,6})/([A-Z0-9()]{1,8})/([0-9]{3})(?:/([SMAP]))?$`)

// ParsedDPN is a Deanery (Training) Post Number split into its parts:
// <Body>/<Site>/<Specialty>/<Grade>/<Counter>[/<Suffix>].
// Body is the managing deanery body code; Grade is the part derived from the
// post's approved grade (FY1, STR, GPST...), not a trainee grade; Suffix is
// S supernumerary, M military, A academic, P (real, meaning unknown) or "".
type ParsedDPN struct {
	Body, Site, Specialty, Grade, Counter, Suffix string
}

// String returns the DPN in its file form.
func (d ParsedDPN) String() string {
	s := strings.Join([]string{d.Body, d.Site, d.Specialty, d.Grade, d.Counter}, "/")
	if d.Suffix != "" {
		s += "/" + d.Suffix
	}
	return s
}

// ParseDPN normalises s under the DPN rule and splits it. The error is an
// *Error (errors.Is ErrInvalid) naming the part that is wrong.
func ParseDPN(s string) (ParsedDPN, error) {
	v := upperTrimmed(strings.ToValidUTF8(s, "\uFFFD"))
	if p := dpnProblem(v); p != "" {
		return ParsedDPN{}, &Error{Code: DPN.InvalidCode(), Message: describe(DPN, v) + ": " + p}
	}
	m := dpnRe.FindStringSubmatch(v)
	return ParsedDPN{Body: m[1], Site: m[2], Specialty: m[3], Grade: m[4], Counter: m[5], Suffix: m[6]}, nil
}

// dpnParts describes each slash-separated part, for messages that say which
// part is wrong rather than quoting the whole pattern.
var dpnParts = []struct {
	name string
	re   *regexp.Regexp
	want string
}{
	{"body", regexp.MustCompile(`^[A-Z]{2,4}$`), "2–4 letters"},
	{"site", regexp.MustCompile(`^[A-Z0-9]{1,10}$`), "1–10 letters or digits"},
	{"specialty", regexp.MustCompile(`^[A-Z0-9]{1,6}$`), "1–6 letters or digits"},
	{"grade", regexp.MustCompile(`^[A-Z0-9()]{1,8}$`), "1–8 letters, digits or ()"},
	{"counter", regexp.MustCompile(`^[0-9]{3}$`), "3 digits"},
	{"suffix", regexp.MustCompile(`^[SMAP]$`), "one of S M A P"},
}

func dpnProblem(v string) string {
	if n := utf8.RuneCountInString(v); n > 30 {
		return fmt.Sprintf("%d characters, at most 30", n)
	}
	parts := strings.Split(v, "/")
	if len(parts) < 5 || len(parts) > 6 {
		return fmt.Sprintf("%d parts, want BODY/SITE/SPEC/GRADE/NNN[/SUFFIX]", len(parts))
	}
	for i, p := range parts {
		if !dpnParts[i].re.MatchString(p) {
			return fmt.Sprintf("%s part %q, want %s", dpnParts[i].name, p, dpnParts[i].want)
		}
	}
	return ""
}
