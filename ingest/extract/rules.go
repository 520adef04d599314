package extract

import (
	"strings"
	"unicode"

	"deanery/ingest/ident"
)

// checkRule normalises raw under an identifier rule of domain section 3;
// the value comes back normalised, invalid or not, with the rule's flags.
func checkRule(rule ident.Rule, raw string) (string, []ident.Flag) {
	res := ident.Check(rule, raw)
	return res.Value, res.Flags
}

// mask hides a personal value in a message, keeping its shape. Values
// under a rule are masked as the rule says (an NI number keeps its prefix
// and suffix); others, such as address lines and dates in a supplier's
// format, lose every letter and digit.
func mask(rule ident.Rule, v string) string {
	if rule != "" {
		return ident.Mask(rule, v)
	}
	return strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return '*'
		}
		return r
	}, v)
}
