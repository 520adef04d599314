package ident

import (
	"fmt"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// The patterns of domain section 3, anchored.
var (
	gmcRe   = regexp.MustCompile(`^[0-9]{7}$`)
	idRe    = regexp.MustCompile(`^[1-9][0-9]{0,14}$`)
	posnoRe = regexp.MustCompile(`^[0-9]{1,10}$`)
	pernoRe = regexp.MustCompile(`^[1-9][0-9]{0,9}$`)
	appnoRe = regexp.MustCompile(`^[A-Z0-9-]{1,30}$`)
	vpdRe   = regexp.MustCompile(`^[0-9]{3}$`)
	ntnRe   = regexp.MustCompile(`^[A-Z0-9/ -]{1,20}$`)
	trustRe = regexp.MustCompile(`^[A-Z0-9]{3,5}$`)
	siteRe  = regexp.MustCompile(`^[A-Z0-9]{1,10}$`)
	emailRe = regexp.MustCompile(`^[^@\s]+@[^@\s]+\.[^@\s]+$`)
	phoneRe = regexp.MustCompile(`^\+?[0-9 ]+$`)
	digits  = regexp.MustCompile(`^[0-9]+$`)
)

// gmcPlaceholder turns the words deanery systems key for "no GMC number yet"
// into null, flagged, so that they neither fail validation nor compare equal
// between two people.
func gmcPlaceholder(v string) (string, *Flag) {
	if strings.EqualFold(v, "UNKNOWN") || strings.EqualFold(v, "N/A") {
		return "", &Flag{Code: "GMC_PLACEHOLDER", Message: fmt.Sprintf("GMC number %q is a placeholder, read as null", v)}
	}
	return v, nil
}

// padVPD restores the leading zeros that spreadsheets and number columns
// drop (the 96/096 incident): 1–2 digits are left-padded to 3, and a
// 4-digit value with a leading 0 loses it. Both are flagged.
func padVPD(v string) (string, *Flag) {
	if !digits.MatchString(v) {
		return v, nil
	}
	var fixed string
	switch {
	case len(v) <= 2:
		fixed = strings.Repeat("0", 3-len(v)) + v
	case len(v) == 4 && v[0] == '0':
		fixed = v[1:]
	default:
		return v, nil
	}
	return fixed, &Flag{Code: "VPD_UNPADDED", Message: fmt.Sprintf("VPD code %q read as %q", v, fixed)}
}

// deaneries are the codes of domain 2.1. They are repeated here, not taken
// from package codes, because rules sit below the code lists; a test in
// codes keeps the two in step.
var deaneries = map[string]bool{
	"NTH": true, "NWN": true, "MER": true, "YHD": true, "EMD": true,
	"WMD": true, "EOE": true, "OXF": true, "WES": true, "SEV": true,
	"PEN": true, "KSS": true, "LDN": true, "WAL": true,
}

func deaneryProblem(v string) string {
	if deaneries[v] {
		return ""
	}
	return "not a deanery code of domain 2.1"
}

func emailProblem(v string) string {
	if n := utf8.RuneCountInString(v); n > 240 {
		return fmt.Sprintf("%d characters, at most 240", n)
	}
	if !emailRe.MatchString(v) {
		return "want one @ and a dotted domain, no spaces"
	}
	return ""
}

func phoneProblem(v string) string {
	if !phoneRe.MatchString(v) {
		return "want digits and spaces, optionally a leading +"
	}
	n := 0
	for _, r := range v {
		if '0' <= r && r <= '9' {
			n++
		}
	}
	if n < 10 || n > 15 {
		return fmt.Sprintf("%d digits, want 10–15", n)
	}
	return ""
}

func nameProblem(v string) string {
	if n := utf8.RuneCountInString(v); n > 150 {
		return fmt.Sprintf("%d characters, at most 150", n)
	}
	if strings.IndexFunc(v, unicode.IsLetter) < 0 {
		return "no letter"
	}
	return ""
}
