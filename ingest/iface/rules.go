package iface

import (
	"time"

	"deanery/ingest/ident"
)

// Rule names the identifier rule of domain section 3 that the reader
// applies to a field: normalise, then validate, flag on failure.
type Rule = ident.Rule

// The rules the layouts use, by their ident names.
const (
	ruleDATE = ident.DATE
	ruleTS   = ident.TS
	ruleNAME = ident.NAME
)

func parseRule(s string) (Rule, bool) { return ident.ParseRule(s) }

// checkRule normalises raw under the field's rule. asOf is the file date,
// against which a birth date is judged (DOB_IMPLAUSIBLE).
func checkRule(f *Field, raw string, asOf time.Time) ident.Result {
	if f.birth {
		return ident.CheckBirthDate(raw, asOf)
	}
	return ident.Check(f.Rule, raw)
}

// mask hides a personal value for a message.
func mask(rule Rule, v string) string { return ident.Mask(rule, v) }
