package ident

import (
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"
)

// HMRC NIM39110: first letter not D F I Q U V, second not D F I O Q U V,
// six digits, suffix A–D; some prefixes are never allocated.
var (
	ninoRe       = regexp.MustCompile(`^[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z][0-9]{6}[A-D]$`)
	ninoTempRe   = regexp.MustCompile(`^TN[0-9]{6}[MF]$`)
	ninoNoSuffix = regexp.MustCompile(`^[A-Z]{2}[0-9]{6}$`)
	ninoForbid   = map[string]bool{"BG": true, "GB": true, "KN": true, "NK": true, "NT": true, "TN": true, "ZZ": true}
)

// ninoProblem names the first thing wrong with a normalised NI number, in
// the order a person fixing it would want: the known bad forms first.
func ninoProblem(v string) string {
	switch {
	case ninoTempRe.MatchString(v):
		return "temporary TN number (birth date and M/F), not an NI number"
	case ninoNoSuffix.MatchString(v):
		return "8 characters, suffix letter missing"
	case utf8.RuneCountInString(v) != 9:
		return fmt.Sprintf("%d characters, want 9", utf8.RuneCountInString(v))
	case len(v) != 9:
		return "only letters and digits allowed"
	}
	body := v[2:8]
	switch {
	case strings.ContainsRune(body, 'O') && digits.MatchString(strings.ReplaceAll(body, "O", "0")):
		return "letter O where a digit (zero) is expected"
	case !digits.MatchString(body):
		return "characters 3–8 must be digits"
	case ninoForbid[v[:2]]:
		return "prefix is never allocated"
	case !strings.ContainsRune("ABCEGHJKLMNOPRSTWXYZ", rune(v[0])):
		return "first letter not allowed"
	case !strings.ContainsRune("ABCEGHJKLMNPRSTWXYZ", rune(v[1])):
		return "second letter not allowed"
	case v[8] < 'A' || v[8] > 'D':
		return "suffix must be A–D"
	case !ninoRe.MatchString(v):
		return "not an NI number" // unreachable while the checks above mirror the pattern
	}
	return ""
}
