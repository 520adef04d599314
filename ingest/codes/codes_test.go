package codes

import (
	"math"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestDeanerySharesSumTo100(t *testing.T) {
	var sum float64
	for _, d := range Deaneries() {
		sum += d.Share
	}
	if math.Abs(sum-100) > 0.1 {
		t.Errorf("deanery shares sum to %.2f%%, want 100%%", sum)
	}
}

func TestDeaneryTrustsSumTo250(t *testing.T) {
	n := 0
	for _, d := range Deaneries() {
		if d.Trusts < 10 || d.Trusts > 40 {
			t.Errorf("%s: %d trusts, want 10–40", d.Code, d.Trusts)
		}
		n += d.Trusts
	}
	if n != 250 {
		t.Errorf("trusts sum to %d, want 250", n)
	}
}

func TestDeaneryOrderAndLookup(t *testing.T) {
	want := []string{"NTH", "NWN", "MER", "YHD", "EMD", "WMD", "EOE", "OXF", "WES", "SEV", "PEN", "KSS", "LDN", "WAL"}
	if diff := cmp.Diff(want, DeaneryCodes()); diff != "" {
		t.Errorf("deanery order (-want +got):\n%s", diff)
	}
	d, ok := DeaneryByCode("WAL")
	if !ok || d.System != Intrepid || d.Name != "Wales" || d.LETBName != "Health Education and Improvement Wales" {
		t.Errorf("DeaneryByCode(WAL) = %+v, %v", d, ok)
	}
	if _, ok := DeaneryByCode("wal"); ok {
		t.Error("DeaneryByCode matched a lower-case code")
	}
}

func TestDeaneryAreasUnique(t *testing.T) {
	owner := map[string]string{}
	for _, d := range Deaneries() {
		if len(d.Areas) == 0 || d.Name == "" || d.LETBName == "" {
			t.Errorf("%s: incomplete row %+v", d.Code, d)
		}
		for _, a := range d.Areas {
			if o, dup := owner[a]; dup {
				t.Errorf("postcode area %s in %s and %s", a, o, d.Code)
			}
			owner[a] = d.Code
		}
	}
}

func TestDeaneriesAreCopies(t *testing.T) {
	ds := Deaneries()
	ds[0].Areas[0] = "XX"
	if Deaneries()[0].Areas[0] == "XX" {
		t.Error("changing a returned deanery changed the table")
	}
}

func TestTrustKinds(t *testing.T) {
	var sum float64
	lead := 0
	for _, k := range TrustKinds() {
		sum += k.Share
		if k.OnePerDeanery {
			lead++
			continue
		}
		if k.Weight <= 0 || k.MinSites < 1 || k.MinSites > k.MaxSites {
			t.Errorf("%s: bad row %+v", k.Code, k)
		}
	}
	if sum != 94 || lead != 1 {
		t.Errorf("shares sum %.1f (want 94, the rest is one GP lead employer per deanery), lead kinds %d", sum, lead)
	}
	if k, ok := TrustKindByCode(GPLeadEmployer); !ok || !k.OnePerDeanery {
		t.Errorf("TrustKindByCode(GP_LEAD_EMPLOYER) = %+v, %v", k, ok)
	}
}

func TestEveryGradeHasPayScale(t *testing.T) {
	gs := Grades()
	if len(gs) != 2+3+8+3 {
		t.Fatalf("%d grades, want 16", len(gs))
	}
	for _, g := range gs {
		code, desc, ok := PayScale(g.Code)
		if !ok || code == "" || desc == "" {
			t.Errorf("%s: no pay scale", g.Code)
		}
		if d, ok := PayScaleDesc(code); !ok || d != desc {
			t.Errorf("%s: pay scale %s not in PayScales", g.Code, code)
		}
		if !DPNGradeParts.Has(g.DPNPart) {
			t.Errorf("%s: DPN part %q not accepted by readers", g.Code, g.DPNPart)
		}
		if !GradeAllowed(g.Code, g.Code) {
			t.Errorf("%s: a post of the grade does not allow its own grade", g.Code)
		}
	}
}

func TestGradeTable(t *testing.T) {
	tests := []struct {
		grade, scale, desc, part string
		allowed                  []string
	}{
		{"F1", "MF01", "Foundation Doctor Year 1", "FY1", []string{"F1"}},
		{"F2", "MF02", "Foundation Doctor Year 2", "F2", []string{"F2"}},
		{"CT2", "MS02", "Specialty Registrar ST2/ SpR2", "LT", []string{"CT1", "CT2", "CT3"}},
		{"ST2", "MS02", "Specialty Registrar ST2/ SpR2", "STR", []string{"ST1", "ST2"}},
		{"ST3", "MS03", "Specialty Registrar ST3/ SpR3", "HT", []string{"ST3", "ST4", "ST5", "ST6", "ST7", "ST8"}},
		{"ST8", "MS08", "Specialty Registrar ST8/ SpR8", "HT", []string{"ST3", "ST4", "ST5", "ST6", "ST7", "ST8"}},
		{"GPST2", "MS02", "Specialty Registrar ST2/ SpR2", "GPST", []string{"GPST1", "GPST2", "GPST3"}},
	}
	for _, tt := range tests {
		g, ok := GradeByCode(tt.grade)
		want := Grade{tt.grade, tt.scale, tt.desc, tt.part, tt.allowed}
		if diff := cmp.Diff(want, g); !ok || diff != "" {
			t.Errorf("GradeByCode(%s) (-want +got):\n%s", tt.grade, diff)
		}
		if p, _ := DPNGradePart(tt.grade); p != tt.part {
			t.Errorf("DPNGradePart(%s) = %q, want %q", tt.grade, p, tt.part)
		}
	}
	if GradeAllowed("ST2", "ST3") || GradeAllowed("CT1", "ST1") || GradeAllowed("XX", "XX") {
		t.Error("GradeAllowed accepted a grade from another group")
	}
	if _, _, ok := PayScale("ST9"); ok {
		t.Error("PayScale(ST9) found a scale")
	}
}

func TestPayScales(t *testing.T) {
	var got []string
	for _, p := range PayScales() {
		got = append(got, p.Code)
	}
	want := []string{"MF01", "MF02", "MS01", "MS02", "MS03", "MS04", "MS05", "MS06", "MS07", "MS08", "MC01", "MH01", "MT01"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("pay scales (-want +got):\n%s", diff)
	}
	if d, _ := PayScaleDesc("MS02"); d != "Specialty Registrar ST2/ SpR2" {
		t.Errorf("MS02 = %q, want the real description", d)
	}
	if d, _ := PayScaleDesc("MC01"); d != "Consultant" {
		t.Errorf("MC01 = %q", d)
	}
}

func TestSpecialtiesRoundTrip(t *testing.T) {
	ss := Specialties()
	if len(ss) != 21 {
		t.Errorf("%d specialties, want 21", len(ss))
	}
	for _, s := range ss {
		name, ok := SpecialtyName(s.Code)
		code, ok2 := SpecialtyCode(name)
		if !ok || !ok2 || code != s.Code {
			t.Errorf("%s: round trip gave %q → %q", s.Code, name, code)
		}
	}
	if n, _ := SpecialtyName(GeneralPractice); n != "General Practice" {
		t.Errorf("800 = %q", n)
	}
}

func TestPlacementTypes(t *testing.T) {
	var sum float64
	var notSent []string
	for _, p := range PlacementTypes() {
		sum += p.Share
		if code, ok := PlacementTypeFromEmpower(p.Empower); !ok || code != p.Code {
			t.Errorf("%s: Empower %q maps back to %q", p.Code, p.Empower, code)
		}
		if IsSentType(p.Code) != p.Sent {
			t.Errorf("%s: IsSentType disagrees with the table", p.Code)
		}
		if !p.Sent {
			notSent = append(notSent, p.Code)
		}
	}
	if math.Abs(sum-100) > 1e-9 {
		t.Errorf("placement shares sum to %v, want 100", sum)
	}
	if diff := cmp.Diff([]string{"OOPC", "OOPE", "OOPR", "OOPT"}, notSent); diff != "" {
		t.Errorf("not sent (-want +got):\n%s", diff)
	}
	if IsSentType("BOGUS") {
		t.Error("an unknown type counted as sent")
	}
}

func TestTitles(t *testing.T) {
	for _, tt := range Titles() {
		for _, in := range []string{tt.Intrepid, tt.App, tt.ESR} {
			if got, ok := TitleToApp(in); !ok || got != tt.App {
				t.Errorf("TitleToApp(%q) = %q, %v", in, got, ok)
			}
			if got, ok := TitleToESR(in); !ok || got != tt.ESR {
				t.Errorf("TitleToESR(%q) = %q, %v", in, got, ok)
			}
			if got, ok := TitleToIntrepid(in); !ok || got != tt.Intrepid {
				t.Errorf("TitleToIntrepid(%q) = %q, %v", in, got, ok)
			}
		}
		if got, _ := TitleFromESR(tt.ESR); got != tt.App {
			t.Errorf("TitleFromESR(%q) = %q, want %q", tt.ESR, got, tt.App)
		}
	}
	if got, _ := TitleFromESR("Dr."); got != "Dr" {
		t.Errorf("TitleFromESR(Dr.) = %q", got)
	}
	if got, _ := TitleToESR("Miss"); got != "Miss" {
		t.Errorf("TitleToESR(Miss) = %q, ESR writes Miss undotted", got)
	}
	if _, ok := TitleToApp("Sir"); ok {
		t.Error("TitleToApp(Sir) accepted an unlisted title")
	}
}

func TestGender(t *testing.T) {
	for _, g := range Genders.Values() {
		d, ok := GenderToEmpower(g)
		back, ok2 := GenderFromEmpower(d)
		if !ok || !ok2 || back != g {
			t.Errorf("%s → %q → %q", g, d, back)
		}
	}
	if d, _ := GenderToEmpower(GenderUnknown); d != "Not Known" {
		t.Errorf("U → %q", d)
	}
}

func TestLifecycle(t *testing.T) {
	for _, l := range Lifecycles.Values() {
		d, _ := LifecycleToEmpower(l)
		if back, ok := LifecycleFromEmpower(d); !ok || back != l {
			t.Errorf("%s → %q → %q", l, d, back)
		}
	}
}

func TestCountriesRoundTrip(t *testing.T) {
	cs := Countries()
	if len(cs) != 20 {
		t.Errorf("%d countries, want 20", len(cs))
	}
	seen := map[string]bool{}
	for _, c := range cs {
		if seen[c.ISO] {
			t.Errorf("%s twice", c.ISO)
		}
		seen[c.ISO] = true
		name, _ := CountryName(c.ISO)
		if iso, ok := CountryCode(name); !ok || iso != c.ISO {
			t.Errorf("%s → %q → %q", c.ISO, name, iso)
		}
	}
	if n, _ := CountryName("QA"); n != "Qatar" {
		t.Errorf("QA = %q", n)
	}
}

func TestEmpowerGrades(t *testing.T) {
	for _, g := range Grades() {
		d, ok := GradeToEmpower(g.Code)
		back, ok2 := GradeFromEmpower(d)
		if !ok || !ok2 || back != g.Code {
			t.Errorf("%s → %q → %q", g.Code, d, back)
		}
	}
	tests := map[string]string{
		"Foundation Year 1":            "F1",
		"Foundation Year 2":            "F2",
		"Core Training Year 3":         "CT3",
		"Specialty Training Year 5":    "ST5",
		"GP Specialty Training Year 1": "GPST1",
	}
	for d, want := range tests {
		if got, ok := GradeFromEmpower(d); !ok || got != want {
			t.Errorf("GradeFromEmpower(%q) = %q, %v; want %q", d, got, ok, want)
		}
	}
	for _, bad := range []string{"Specialty Training Year 9", "Core Training Year 03", "Core Training Year ", "Foundation Year 3", "ST1"} {
		if got, ok := GradeFromEmpower(bad); ok {
			t.Errorf("GradeFromEmpower(%q) = %q, want no grade", bad, got)
		}
	}
}

func TestNotificationTypes(t *testing.T) {
	var supported []NotificationType
	for _, n := range NotificationTypes() {
		if n.Supported() {
			supported = append(supported, n)
		}
	}
	if !slices.Equal(supported, []NotificationType{1, 2, 4, 5}) {
		t.Errorf("supported %v, want 1 2 4 5", supported)
	}
	if NotificationType(6).Known() || NotificationType(6).String() != "notification type 6" {
		t.Error("type 6 known")
	}
	if !ValidWithdrawalReason(WithdrawalOther) || ValidWithdrawalReason(0) || ValidWithdrawalReason(10) {
		t.Error("withdrawal reasons: want 1–9")
	}
}

func TestSets(t *testing.T) {
	tests := []struct {
		set  Set
		want []string
	}{
		{Roles, []string{"Lead Employer", "Host Employer"}},
		{EndReasons, []string{"ROTATION", "TRANSFER", "COMPLETED", "LEFT_TRAINING", "WITHDRAWN", "RETIRED", "OTHER"}},
		{PairModes, []string{"NONE", "PART", "FULL"}},
		{ApplicationTypes, []string{"NEW", "TRANSFER"}},
		{ApplicantStatuses, []string{"ACTIVE", "HIRED", "WITHDRAWN"}},
		{AssignmentStatuses, []string{"ACTIVE", "ENDED", "CANCELLED"}},
		{Genders, []string{"M", "F", "U"}},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, tt.set.Values()); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tt.set.Name(), diff)
		}
	}
	v := EndReasons.Values()
	v[0] = "X"
	if EndReasons.Has("X") || !EndReasons.Has("ROTATION") || EndReasons.Has("rotation") {
		t.Error("Set is not closed or not exact")
	}
}
