package ident

import (
	"fmt"
	"regexp"
	"strings"
	"time"
)

// Layouts: interface files carry dates and timestamps in file form; values
// cross package boundaries in canonical form (docs/architecture.md).
const (
	DateLayout               = "20060102"
	TimestampLayout          = "20060102150405"
	CanonicalDateLayout      = "2006-01-02"
	CanonicalTimestampLayout = "2006-01-02 15:04:05"
)

var (
	dateRe = regexp.MustCompile(`^[0-9]{8}$`)
	tsRe   = regexp.MustCompile(`^[0-9]{14}$`)
)

// Parsed times are UK local wall-clock times. They are returned in UTC only
// so that no zone rule (summer time) can move them: the files carry no zone.

// ParseDate reads a file-form date YYYYMMDD (trimmed): a real calendar day
// in 1900–2099. The error is an *Error (errors.Is ErrInvalid).
func ParseDate(s string) (time.Time, error) {
	return parseIn(DATE, s, dateRe, DateLayout, "want YYYYMMDD")
}

// ParseTimestamp reads a file-form timestamp YYYYMMDDHHMMSS (trimmed).
func ParseTimestamp(s string) (time.Time, error) {
	return parseIn(TS, s, tsRe, TimestampLayout, "want YYYYMMDDHHMMSS")
}

func parseIn(rule Rule, s string, shape *regexp.Regexp, layout, want string) (time.Time, error) {
	v := strings.TrimSpace(strings.ToValidUTF8(s, "\uFFFD"))
	t, problem := parseTime(rule, v, shape, layout, want)
	if problem != "" {
		return time.Time{}, &Error{Code: rule.InvalidCode(), Message: describe(rule, v) + ": " + problem}
	}
	return t, nil
}

// parseTime returns the time, or what is wrong with v.
func parseTime(rule Rule, v string, shape *regexp.Regexp, layout, want string) (time.Time, string) {
	if v == "" {
		return time.Time{}, "empty"
	}
	if !shape.MatchString(v) {
		return time.Time{}, want
	}
	t, err := time.ParseInLocation(layout, v, time.UTC)
	if err != nil {
		return time.Time{}, "not a real " + rule.label()
	}
	if y := t.Year(); y < 1900 || y > 2099 {
		return time.Time{}, "year outside 1900–2099"
	}
	return t, ""
}

func dateProblem(v string) string {
	_, p := parseTime(DATE, v, dateRe, DateLayout, "want YYYYMMDD")
	return p
}

func timestampProblem(v string) string {
	_, p := parseTime(TS, v, tsRe, TimestampLayout, "want YYYYMMDDHHMMSS")
	return p
}

// FormatDate is the canonical date text YYYY-MM-DD.
func FormatDate(t time.Time) string { return t.Format(CanonicalDateLayout) }

// FormatTimestamp is the canonical timestamp text YYYY-MM-DD HH:MM:SS.
func FormatTimestamp(t time.Time) string { return t.Format(CanonicalTimestampLayout) }

// CanonicalDate turns a file-form date into canonical text; "" (null) stays "".
func CanonicalDate(s string) (string, error) {
	if strings.TrimSpace(s) == "" {
		return "", nil
	}
	t, err := ParseDate(s)
	if err != nil {
		return "", err
	}
	return FormatDate(t), nil
}

// CanonicalTimestamp turns a file-form timestamp into canonical text; "" stays "".
func CanonicalTimestamp(s string) (string, error) {
	if strings.TrimSpace(s) == "" {
		return "", nil
	}
	t, err := ParseTimestamp(s)
	if err != nil {
		return "", err
	}
	return FormatTimestamp(t), nil
}

// Age is the age in whole years on asOf of someone born on birth.
func Age(birth, asOf time.Time) int {
	age := asOf.Year() - birth.Year()
	if asOf.Month() < birth.Month() || (asOf.Month() == birth.Month() && asOf.Day() < birth.Day()) {
		age--
	}
	return age
}

// Plausible ages of a doctor in training or employment (domain 3).
const (
	MinPlausibleAge = 20
	MaxPlausibleAge = 75
)

// CheckBirthDate checks raw under DATE and, when it is a date, flags
// DOB_IMPLAUSIBLE if the age on asOf is outside 20–75. The value stays
// valid: an unlikely birth date is a finding to report, not a bad date.
func CheckBirthDate(raw string, asOf time.Time) Result {
	res := Check(DATE, raw)
	if res.Null || !res.Valid {
		return res
	}
	birth, _ := ParseDate(res.Value)
	age := Age(birth, asOf)
	var side string
	switch {
	case age < MinPlausibleAge:
		side = fmt.Sprintf("under %d", MinPlausibleAge)
	case age > MaxPlausibleAge:
		side = fmt.Sprintf("over %d", MaxPlausibleAge)
	default:
		return res
	}
	res.Flags = append(res.Flags, Flag{Code: "DOB_IMPLAUSIBLE",
		Message: fmt.Sprintf("date of birth %s: age on %s is %s", quoteShort(Mask(DATE, res.Value)), FormatDate(asOf), side)})
	return res
}
