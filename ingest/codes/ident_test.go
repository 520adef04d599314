package codes_test

import (
	"testing"

	"deanery/ingest/codes"
	"deanery/ingest/ident"
)

// The rules package keeps its own copy of the deanery codes (it sits below
// this one); these tests keep the two in step and the tables in rule shape.
func TestCodesPassTheirRules(t *testing.T) {
	for _, d := range codes.Deaneries() {
		if r := ident.Check(ident.DEAN, d.Code); !r.Valid || r.Value != d.Code {
			t.Errorf("deanery %s fails the DEAN rule: %+v", d.Code, r.Flags)
		}
		for _, a := range d.Areas {
			if r := ident.Check(ident.PCODE, a+"1 1AB"); !r.Valid {
				t.Errorf("%s: area %s does not make a valid postcode: %+v", d.Code, a, r.Flags)
			}
		}
	}
	for _, g := range codes.Grades() {
		dpn := "OXF/R7H01/010/" + g.DPNPart + "/001"
		if _, err := ident.ParseDPN(dpn); err != nil {
			t.Errorf("%s: %v", g.Code, err)
		}
	}
	for _, p := range codes.DPNGradeParts.Values() {
		if _, err := ident.ParseDPN("LDN/BARNET/IMT/" + p + "/001"); err != nil {
			t.Errorf("grade part %s: %v", p, err)
		}
	}
}

func TestDeaneryRuleKnowsNoMoreCodes(t *testing.T) {
	known := map[string]bool{}
	for _, c := range codes.DeaneryCodes() {
		known[c] = true
	}
	// Every three-letter code the rule accepts must be a deanery here.
	for a := 'A'; a <= 'Z'; a++ {
		for b := 'A'; b <= 'Z'; b++ {
			for c := 'A'; c <= 'Z'; c++ {
				s := string([]rune{a, b, c})
				if ident.Check(ident.DEAN, s).Valid && !known[s] {
					t.Errorf("DEAN accepts %s, which is no deanery", s)
				}
			}
		}
	}
}
