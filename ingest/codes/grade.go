package codes

import (
	"fmt"
	"slices"
	"strings"
)

// Grade is a trainee grade of domain 2.3 with its pay scale and what a post
// of that approved grade carries in its DPN and accepts.
type Grade struct {
	Code         string   // F1, CT2, ST5, GPST1
	PayScale     string   // MF01, MS02
	PayScaleDesc string   // Foundation Doctor Year 1
	DPNPart      string   // grade part of the DPN of a post approved at this grade
	Allowed      []string // grades a trainee may hold on such a post
}

// grades is built from the groups of domain 2.3: year n of a specialty
// group is paid on MS0n, and a post accepts any year of its group.
var grades = buildGrades()

type gradeGroup struct {
	prefix   string
	from, to int
	dpnPart  func(year int) string
}

func buildGrades() []Grade {
	out := []Grade{
		{"F1", "MF01", "Foundation Doctor Year 1", "FY1", []string{"F1"}},
		{"F2", "MF02", "Foundation Doctor Year 2", "F2", []string{"F2"}},
	}
	fixed := func(p string) func(int) string { return func(int) string { return p } }
	groups := []gradeGroup{
		{"CT", 1, 3, fixed("LT")},
		{"ST", 1, 8, func(y int) string {
			if y <= 2 {
				return "STR"
			}
			return "HT"
		}},
		{"GPST", 1, 3, fixed("GPST")},
	}
	for _, g := range groups {
		out = append(out, g.grades()...)
	}
	return out
}

// grades lists a group's years; a post accepts the years that share its
// DPN part (ST1–ST2 on STR posts, ST3–ST8 on HT posts).
func (g gradeGroup) grades() []Grade {
	byPart := map[string][]string{}
	for y := g.from; y <= g.to; y++ {
		p := g.dpnPart(y)
		byPart[p] = append(byPart[p], fmt.Sprintf("%s%d", g.prefix, y))
	}
	var out []Grade
	for y := g.from; y <= g.to; y++ {
		p := g.dpnPart(y)
		out = append(out, Grade{
			Code:         fmt.Sprintf("%s%d", g.prefix, y),
			PayScale:     fmt.Sprintf("MS%02d", y),
			PayScaleDesc: fmt.Sprintf("Specialty Registrar ST%d/ SpR%d", y, y),
			DPNPart:      p,
			Allowed:      slices.Clone(byPart[p]),
		})
	}
	return out
}

// Grades returns the trainee grades in the order of domain 2.3.
func Grades() []Grade {
	out := make([]Grade, len(grades))
	for i, g := range grades {
		g.Allowed = slices.Clone(g.Allowed)
		out[i] = g
	}
	return out
}

// GradeByCode finds a trainee grade.
func GradeByCode(code string) (Grade, bool) {
	for _, g := range grades {
		if g.Code == code {
			g.Allowed = slices.Clone(g.Allowed)
			return g, true
		}
	}
	return Grade{}, false
}

// PayScale is the ESR pay scale of a trainee grade (MS02 "Specialty
// Registrar ST2/ SpR2" for CT2, ST2 or GPST2).
func PayScale(grade string) (code, desc string, ok bool) {
	g, ok := GradeByCode(grade)
	return g.PayScale, g.PayScaleDesc, ok
}

// DPNGradePart is the grade part of the DPN of a post of the approved grade
// (FY1, F2, LT, STR, HT, GPST).
func DPNGradePart(approvedGrade string) (string, bool) {
	g, ok := GradeByCode(approvedGrade)
	return g.DPNPart, ok
}

// GradeAllowed reports whether a trainee of grade may hold a post approved
// at approvedGrade.
func GradeAllowed(approvedGrade, grade string) bool {
	g, ok := GradeByCode(approvedGrade)
	return ok && slices.Contains(g.Allowed, grade)
}

// DPNGradeParts are the grade parts readers accept in a DPN: those the world
// writes and the odd ones seen in real files (STR(H), ZZ1, XXX).
var DPNGradeParts = newSet("DPN grade part", "FY1", "F2", "LT", "STR", "HT", "GPST", "STR(H)", "ZZ1", "XXX")

// PayScaleEntry is one ESR pay scale.
type PayScaleEntry struct {
	Code, Desc string
	Trainee    bool // false for the non-trainee doctors of the world
}

// nonTrainee are the pay scales of doctors who are not in training; only
// the synthetic world uses them, for the NON_TRAINEE people of ESR.
var nonTrainee = []PayScaleEntry{
	{"MC01", "Consultant", false},
	{"MH01", "Specialty Doctor", false},
	{"MT01", "Trust Grade Doctor", false},
}

// PayScales returns every pay scale once: trainee scales by code, then the
// non-trainee ones.
func PayScales() []PayScaleEntry {
	seen := map[string]bool{}
	var out []PayScaleEntry
	for _, g := range grades {
		if !seen[g.PayScale] {
			seen[g.PayScale] = true
			out = append(out, PayScaleEntry{g.PayScale, g.PayScaleDesc, true})
		}
	}
	slices.SortFunc(out, func(a, b PayScaleEntry) int { return strings.Compare(a.Code, b.Code) })
	return append(out, nonTrainee...)
}

// PayScaleDesc is the description of any pay scale code.
func PayScaleDesc(code string) (string, bool) {
	for _, p := range PayScales() {
		if p.Code == code {
			return p.Desc, true
		}
	}
	return "", false
}
