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

// ruleCache remembers rule results for code columns (sites, trusts,
// DPNs), whose few distinct values repeat on every row: a map lookup is
// far cheaper than the rule's pattern match. Personal values are not
// cached, since they rarely repeat. The cache is bounded and then simply
// stops growing.
type ruleCache struct {
	m map[ruleKey]ruleResult
}

type ruleKey struct {
	rule  ident.Rule
	value string
}

type ruleResult struct {
	value string
	flags []ident.Flag
}

const ruleCacheMax = 1 << 14

func (r *Reader) check(c *Column, v string) (string, []ident.Flag) {
	if c.Personal {
		return checkRule(c.Rule, v)
	}
	k := ruleKey{c.Rule, v}
	if res, ok := r.cache.m[k]; ok {
		return res.value, res.flags
	}
	norm, flags := checkRule(c.Rule, v)
	if r.cache.m == nil {
		r.cache.m = map[ruleKey]ruleResult{}
	}
	if len(r.cache.m) < ruleCacheMax {
		r.cache.m[k] = ruleResult{norm, flags}
	}
	return norm, flags
}
