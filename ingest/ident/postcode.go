package ident

import (
	"fmt"
	"regexp"
	"unicode/utf8"
)

var (
	postcodeRe    = regexp.MustCompile(`^([A-Z]{1,2}[0-9][A-Z0-9]? [0-9][ABD-HJLNP-UW-Z]{2}|GIR 0AA)$`)
	postcodeChars = regexp.MustCompile(`^[A-Z0-9 ]+$`)
)

// normPostcode upper-cases, strips whitespace and, for 5–7 characters, puts
// the one space before the inward code (the last 3), so that "ox143pl" and
// "OX14  3PL" compare equal to "OX14 3PL".
func normPostcode(s string) string {
	v := upperStripped(s)
	if n := utf8.RuneCountInString(v); n >= 5 && n <= 7 {
		r := []rune(v)
		v = string(r[:n-3]) + " " + string(r[n-3:])
	}
	return v
}

func postcodeProblem(v string) string {
	if postcodeRe.MatchString(v) {
		return ""
	}
	if !postcodeChars.MatchString(v) {
		return "characters other than letters and digits"
	}
	if n := len(stripSpace(v)); n < 5 || n > 7 {
		return fmt.Sprintf("%d letters and digits, want 5–7", n)
	}
	return "not a UK postcode shape (outward code, space, digit and two letters)"
}
