package ident

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Flag is one finding about a value: a stable code for counting and
// filtering (NINO_INVALID, VPD_UNPADDED) and a message for people.
type Flag struct {
	Code    string
	Message string
}

// Result is a checked value. Value is the normalised text ("" when Null);
// an invalid value is still there, normalised, with Valid false and a flag.
// A null value is valid: whether a field may be empty is the layout's call.
type Result struct {
	Value string
	Null  bool
	Valid bool
	Flags []Flag
}

// HasFlag reports whether the result carries a flag with the code.
func (r Result) HasFlag(code string) bool {
	for _, f := range r.Flags {
		if f.Code == code {
			return true
		}
	}
	return false
}

// spec is one rule: normalise, optionally repair with a flag (placeholders,
// unpadded VPD codes), then validate.
type spec struct {
	norm    func(string) string
	repair  func(string) (string, *Flag)
	problem func(string) string // "" when valid, else what is wrong
}

var specs = map[Rule]spec{
	GMC:   {norm: stripSpace, repair: gmcPlaceholder, problem: match(gmcRe, "want 7 digits")},
	NINO:  {norm: upperStripped, problem: ninoProblem},
	DPN:   {norm: upperTrimmed, problem: dpnProblem},
	POSID: {norm: strings.TrimSpace, problem: match(idRe, "want 1–15 digits, first not 0")},
	POSNO: {norm: strings.TrimSpace, problem: match(posnoRe, "want 1–10 digits")},
	PERNO: {norm: strings.TrimSpace, problem: match(pernoRe, "want 1–10 digits, first not 0")},
	APPNO: {norm: strings.TrimSpace, problem: match(appnoRe, "want 1–30 of A-Z, 0-9, -")},
	ASGID: {norm: strings.TrimSpace, problem: match(idRe, "want 1–15 digits, first not 0")},
	VPD:   {norm: strings.TrimSpace, repair: padVPD, problem: match(vpdRe, "want 3 digits")},
	NTN:   {norm: upperTrimmed, problem: match(ntnRe, "want 1–20 of A-Z, 0-9, /, space, -")},
	PCODE: {norm: normPostcode, problem: postcodeProblem},
	EMAIL: {norm: lowerTrimmed, problem: emailProblem},
	DATE:  {norm: strings.TrimSpace, problem: dateProblem},
	TS:    {norm: strings.TrimSpace, problem: timestampProblem},
	DEAN:  {norm: upperTrimmed, problem: deaneryProblem},
	TRUST: {norm: upperTrimmed, problem: match(trustRe, "want 3–5 of A-Z, 0-9")},
	SITE:  {norm: upperTrimmed, problem: match(siteRe, "want 1–10 of A-Z, 0-9")},
	NAME:  {norm: collapseSpace, problem: nameProblem},
	PHONE: {norm: strings.TrimSpace, problem: phoneProblem},
}

// Check normalises raw under rule, then validates it. Empty or blank input
// is null and valid. Input that is not UTF-8 has its bad bytes replaced
// (U+FFFD), since nothing downstream can carry them, and is flagged invalid.
func Check(rule Rule, raw string) Result {
	s, ok := specs[rule]
	if !ok {
		return Result{Value: strings.ToValidUTF8(raw, "\uFFFD"), Flags: []Flag{{
			Code: "RULE_UNKNOWN", Message: fmt.Sprintf("no rule named %q", strings.ToValidUTF8(string(rule), "\uFFFD"))}}}
	}
	var flags []Flag
	if !utf8.ValidString(raw) {
		raw = strings.ToValidUTF8(raw, "\uFFFD")
		flags = append(flags, invalid(rule, raw, "not valid UTF-8, bad bytes replaced"))
	}
	v := s.norm(raw)
	if s.repair != nil {
		var f *Flag
		if v, f = s.repair(v); f != nil {
			flags = append(flags, *f)
		}
	}
	if v == "" {
		return Result{Null: true, Valid: !hasInvalid(flags), Flags: flags}
	}
	if p := s.problem(v); p != "" {
		flags = append(flags, invalid(rule, v, p))
	}
	return Result{Value: v, Valid: !hasInvalid(flags), Flags: flags}
}

func hasInvalid(flags []Flag) bool {
	for _, f := range flags {
		if isInvalidCode(f.Code) {
			return true
		}
	}
	return false
}

// isInvalidCode tells failed validations from notes such as VPD_UNPADDED,
// which leave a valid value.
func isInvalidCode(code string) bool { return strings.HasSuffix(code, "_INVALID") }

// invalid builds the <RULE>_INVALID flag, naming the value in masked form.
func invalid(rule Rule, v, problem string) Flag {
	return Flag{Code: rule.InvalidCode(), Message: describe(rule, v) + ": " + problem}
}

// describe names a value in a message: its label and its masked, shortened
// text, so that a log line never carries personal data in clear.
func describe(rule Rule, v string) string {
	return rule.label() + " " + quoteShort(Mask(rule, v))
}

// quoteShort quotes v, cut to 40 characters so a runaway field cannot flood
// a report.
func quoteShort(v string) string {
	const max = 40
	if utf8.RuneCountInString(v) > max {
		r := []rune(v)
		v = string(r[:max]) + "…"
	}
	return fmt.Sprintf("%q", v)
}

// match returns a validator that wants the whole value to match re.
func match(re interface{ MatchString(string) bool }, want string) func(string) string {
	return func(v string) string {
		if re.MatchString(v) {
			return ""
		}
		return want
	}
}
