package iface

import (
	"strings"
	"time"
)

// Rule names the identifier rule of domain section 3 that the reader
// applies to a field (normalise, then validate, flag on failure).
type Rule string

// The rules used by the layouts.
const (
	ruleGMC   Rule = "GMC"
	ruleNINO  Rule = "NINO"
	ruleDPN   Rule = "DPN"
	rulePOSID Rule = "POSID"
	rulePOSNO Rule = "POSNO"
	rulePERNO Rule = "PERNO"
	ruleAPPNO Rule = "APPNO"
	ruleASGID Rule = "ASGID"
	ruleVPD   Rule = "VPD"
	ruleNTN   Rule = "NTN"
	rulePCODE Rule = "PCODE"
	ruleEMAIL Rule = "EMAIL"
	ruleDATE  Rule = "DATE"
	ruleTS    Rule = "TS"
	ruleDEAN  Rule = "DEAN"
	ruleTRUST Rule = "TRUST"
	ruleSITE  Rule = "SITE"
	ruleNAME  Rule = "NAME"
	rulePHONE Rule = "PHONE"
)

var allRules = []Rule{ruleGMC, ruleNINO, ruleDPN, rulePOSID, rulePOSNO, rulePERNO, ruleAPPNO,
	ruleASGID, ruleVPD, ruleNTN, rulePCODE, ruleEMAIL, ruleDATE, ruleTS, ruleDEAN, ruleTRUST,
	ruleSITE, ruleNAME, rulePHONE}

func parseRule(s string) (Rule, bool) {
	for _, r := range allRules {
		if string(r) == s {
			return r, true
		}
	}
	return "", false
}

// ruleFlag is a finding of a rule, before the field is attached.
type ruleFlag struct{ Code, Message string }

// checkRule normalises raw under rule. asOf is the file date, against which
// a birth date is judged.
func checkRule(rule Rule, field, raw string, asOf time.Time) (value string, flags []ruleFlag) {
	v := strings.TrimSpace(raw)
	switch rule {
	case ruleDPN, ruleNINO, ruleNTN, ruleDEAN, ruleTRUST, ruleSITE:
		v = strings.ToUpper(v)
	case ruleGMC:
		if u := strings.ToUpper(v); u == "UNKNOWN" || u == "N/A" {
			return "", []ruleFlag{{"GMC_PLACEHOLDER", "placeholder GMC number taken as null"}}
		}
	case ruleVPD:
		if len(v) > 0 && len(v) < 3 && allDigits(v) {
			return strings.Repeat("0", 3-len(v)) + v, []ruleFlag{{"VPD_UNPADDED", "VPD code " + v + " padded to 3 digits"}}
		}
	}
	return v, nil
}

// mask hides a personal value for a message.
func mask(rule Rule, v string) string {
	return strings.Repeat("*", len(v))
}
