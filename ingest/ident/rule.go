package ident

// Rule names one row of domain section 3: how a kind of value is normalised
// and when it is valid. Its text is used in flag codes (NINO_INVALID) and in
// declarative profiles, so the constants never change spelling.
type Rule string

// The rules of domain section 3.
const (
	GMC   Rule = "GMC"   // GMC number
	NINO  Rule = "NINO"  // National Insurance number
	DPN   Rule = "DPN"   // Deanery / Training Post Number
	POSID Rule = "POSID" // ESR position id
	POSNO Rule = "POSNO" // ESR position number
	PERNO Rule = "PERNO" // ESR person number
	APPNO Rule = "APPNO" // ESR applicant number
	ASGID Rule = "ASGID" // ESR assignment id
	VPD   Rule = "VPD"   // ESR VPD code of an organisation
	NTN   Rule = "NTN"   // National Training Number
	PCODE Rule = "PCODE" // UK postcode
	EMAIL Rule = "EMAIL" // email address
	DATE  Rule = "DATE"  // date in file form YYYYMMDD
	TS    Rule = "TS"    // timestamp in file form YYYYMMDDHHMMSS
	DEAN  Rule = "DEAN"  // deanery code (domain 2.1)
	TRUST Rule = "TRUST" // trust (organisation) code
	SITE  Rule = "SITE"  // site code
	NAME  Rule = "NAME"  // personal name or address line
	PHONE Rule = "PHONE" // telephone number
)

var allRules = []Rule{
	GMC, NINO, DPN, POSID, POSNO, PERNO, APPNO, ASGID, VPD, NTN,
	PCODE, EMAIL, DATE, TS, DEAN, TRUST, SITE, NAME, PHONE,
}

// Rules returns every rule in the order of domain section 3.
func Rules() []Rule {
	return append([]Rule(nil), allRules...)
}

// ParseRule returns the rule spelled s, for profiles that name rules as text.
func ParseRule(s string) (Rule, bool) {
	for _, r := range allRules {
		if string(r) == s {
			return r, true
		}
	}
	return "", false
}

// InvalidCode is the flag code of a failed validation under r (NINO_INVALID).
func (r Rule) InvalidCode() string { return string(r) + "_INVALID" }

// label is how messages name a value of the rule.
var labels = map[Rule]string{
	GMC: "GMC number", NINO: "NI number", DPN: "post number",
	POSID: "position id", POSNO: "position number", PERNO: "person number",
	APPNO: "applicant number", ASGID: "assignment id", VPD: "VPD code",
	NTN: "training number", PCODE: "postcode", EMAIL: "email",
	DATE: "date", TS: "timestamp", DEAN: "deanery code", TRUST: "trust code",
	SITE: "site code", NAME: "name", PHONE: "telephone",
}

func (r Rule) label() string {
	if l, ok := labels[r]; ok {
		return l
	}
	return string(r)
}
