package iface

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestLayoutFieldCounts(t *testing.T) {
	want := map[string]int{"HDR": 7, "TRL": 2, "APP": 33, "APC": 12, "DNC": 31, "DCC": 8,
		"POS": 16, "POR": 13, "PER": 20, "ADD": 13, "ASG": 18, "PBD": 8, "STF": 34}
	for _, rt := range RecordTypes() {
		l, ok := Layout(rt)
		if !ok {
			t.Fatalf("no layout %s", rt)
		}
		if len(l.Fields) != want[rt] {
			t.Errorf("%s has %d fields, want %d", rt, len(l.Fields), want[rt])
		}
		seen := map[string]bool{}
		for i, f := range l.Fields {
			if f.Pos != i+1 {
				t.Errorf("%s field %d has Pos %d", rt, i, f.Pos)
			}
			if seen[f.Column()] {
				t.Errorf("%s: duplicate column %s", rt, f.Column())
			}
			seen[f.Column()] = true
		}
	}
	if _, ok := Layout("XYZ"); ok {
		t.Error("Layout(XYZ) found")
	}
}

// TestLayoutFields pins the fields the domain names with real ids or rules.
func TestLayoutFields(t *testing.T) {
	tests := []struct {
		rt, name string
		want     string // Field.String()
		rule     Rule
		list     string
	}{
		{"HDR", "sequenceNumber", "T_HDR04 sequenceNumber L(8) M", "", ""},
		{"TRL", "recordCount", "T_TRL02 recordCount N(9) M", "", ""},
		{"APP", "deaneryNumber", "T_APP03 deaneryNumber X(30) M", "DPN", ""},
		{"APP", "dob", "T_APP13 dob D M", "DATE", ""},
		{"APP", "ukNino", "T_APP15 ukNino X(9)", "NINO", ""},
		{"APP", "registrationNumber", "T_APP18 registrationNumber X(30)", "GMC", ""},
		{"APP", "mobileTel", "T_APP22 mobileTel X(60)", "PHONE", ""},
		{"APP", "postcode", "T_APP28 postcode X(30)", "PCODE", ""},
		{"APP", "nationality", "T_APP30 nationality F(2)", "", ""},
		{"APP", "gender", "T_APP14 gender F(1)", "", "gender"},
		{"APP", "grade", "T_APP32 grade X(10)", "", "grade"},
		{"APC", "loadStatusCode", "T_APC07 loadStatusCode X(7) M", "", "loadStatus"},
		{"DNC", "notificationType", "T_DNC02 notificationType N(1) M", "", "notificationType"},
		{"POS", "areaOfWork", "T_POS08 areaOfWork X(10)", "", "specialty"},
		{"ASG", "endReason", "T_ASG16 endReason X(20)", "", "endReason"},
		{"PBD", "changeDeleteIndicator", "T_PBD04 changeDeleteIndicator F(1) M", "", "changeDelete"},
		{"STF", "gradePayscale", "T_STF26 gradePayscale X(10)", "", "payScale"},
		{"APP", "wte", "T_APP31 wte N(3,2)", "", ""},
		{"APC", "esrVacancyId", "T_APC03 esrVacancyId N(15) M", "", ""},
		{"APC", "applicantNumber", "T_APC10 applicantNumber X(30)", "APPNO", ""},
		{"APC", "assignmentId", "T_APC11 assignmentId N(15)", "ASGID", ""},
		{"DNC", "employingOrgVPDCode", "T_DNC06 employingOrgVPDCode L(3) M", "VPD", ""},
		{"DNC", "currentWorkingHours", "T_DNC16 currentWorkingHours N(3,1)", "", ""},
		{"DNC", "nextGmcNumber", "T_DNC19 nextGmcNumber X(30)", "GMC", ""},
		{"DNC", "deaneryPlacementId", "T_DNC31 deaneryPlacementId X(30)", "", ""},
		{"DCC", "messageText", "T_DCC08 messageText X(200)", "", ""},
		{"POS", "positionID", "T_POS02 positionID N(15) M", "POSID", ""},
		{"POS", "workplaceOrg", "T_POS16 workplaceOrg X(30)", "SITE", ""},
		{"POR", "deaneryNumber", "T_POR07 deaneryNumber X(30) M", "DPN", ""},
		{"POR", "employingOrgVPDCode", "T_POR11 employingOrgVPDCode L(3) M", "VPD", ""},
		{"PER", "esrPersonNumber", "T_PER02 esrPersonNumber N(10) M", "PERNO", ""},
		{"PER", "changeTimestamp", "T_PER03 changeTimestamp T M", "TS", ""},
		{"PER", "ukNino", "T_PER07 ukNino X(9)", "NINO", ""},
		{"PER", "emailAddress", "T_PER20 emailAddress X(240)", "EMAIL", ""},
		{"ADD", "postcode", "T_ADD12 postcode X(30)", "PCODE", ""},
		{"ASG", "periodSeq", "T_ASG07 periodSeq N(4) M", "", ""},
		{"PBD", "registrationNumber", "T_PBD07 registrationNumber X(30) M", "GMC", ""},
		{"STF", "niNumber", "T_STF10 niNumber X(9)", "NINO", ""},
		{"STF", "staffGroup", "T_STF25 staffGroup X(30) M", "", ""},
		{"STF", "lastUpdated", "T_STF34 lastUpdated T M", "TS", ""},
	}
	for _, tc := range tests {
		l, _ := Layout(tc.rt)
		f, ok := l.Field(tc.name)
		if !ok {
			t.Errorf("%s has no field %s", tc.rt, tc.name)
			continue
		}
		if f.String() != tc.want || f.Rule != tc.rule || f.List != tc.list {
			t.Errorf("%s.%s = %s rule %q list %q, want %s rule %q list %q", tc.rt, tc.name, f, f.Rule, f.List, tc.want, tc.rule, tc.list)
		}
		for _, key := range []string{f.Column(), f.ID} {
			if g, _ := l.Field(key); g != f {
				t.Errorf("%s: Field(%q) = %v, want %v", tc.rt, key, g, f)
			}
		}
	}
}

func TestColumn(t *testing.T) {
	tests := map[string]string{
		"deaneryNumber":          "deanery_number",
		"ukNino":                 "uk_nino",
		"dob":                    "dob",
		"positionID":             "position_id",
		"positionId":             "position_id",
		"employingOrgVPDCode":    "employing_org_vpd_code",
		"address1":               "address1",
		"reserved15":             "reserved15",
		"applicantEmailAddress":  "applicant_email_address",
		"nationalTrainingNumber": "national_training_number",
	}
	for in, want := range tests {
		if got := (Field{Name: in}).Column(); got != want {
			t.Errorf("Column(%s) = %s, want %s", in, got, want)
		}
	}
}

func TestAllowed(t *testing.T) {
	want := map[string][]string{
		"APP": {"APP"}, "APC": {"APC"}, "DNC": {"DNC"}, "DNF": {"DNC"}, "DCC": {"DCC"},
		"RMF": {"POS", "POR", "PER", "ADD", "ASG", "PBD"}, "RMC": {"POS", "POR", "PER", "ADD", "ASG", "PBD"},
		"STF": {"STF"},
	}
	for _, ft := range FileTypes() {
		if diff := cmp.Diff(want[ft], Allowed(ft)); diff != "" {
			t.Errorf("Allowed(%s) (-want +got):\n%s", ft, diff)
		}
	}
}
