package extract

import (
	"strings"
	"unicode"
)

// checkRule normalises raw under an identifier rule of domain section 3
// and returns the value with its findings.
//
// Interim: normalisation only, until the shared rule package lands.
func checkRule(rule, raw string) (string, []ruleFlag) {
	switch rule {
	case "NINO":
		return strings.ToUpper(stripSpace(raw)), nil
	case "GMC":
		v := stripSpace(raw)
		if strings.EqualFold(v, "UNKNOWN") || strings.EqualFold(v, "N/A") {
			return "", []ruleFlag{{"GMC_PLACEHOLDER", "GMC number placeholder, taken as null"}}
		}
		return v, nil
	case "DPN", "NTN", "DEAN", "TRUST", "SITE":
		return strings.ToUpper(strings.TrimSpace(raw)), nil
	case "EMAIL":
		return strings.ToLower(strings.TrimSpace(raw)), nil
	}
	return strings.TrimSpace(raw), nil
}

type ruleFlag struct{ code, message string }

func stripSpace(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
}

// mask hides the letters and digits of a personal value in a message,
// keeping its shape.
func mask(rule, v string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return '*'
		}
		return r
	}, v)
}
