package codes

import (
	"fmt"
	"strconv"
	"strings"
)

// Empower writes grades as descriptions (7.10). The two foundation years
// have their own words; the other groups add the year to a prefix.
var empowerFoundation = [][2]string{{"F1", "Foundation Year 1"}, {"F2", "Foundation Year 2"}}

// empowerGroups pairs a grade prefix with its description prefix.
var empowerGroups = [][2]string{
	{"CT", "Core Training Year "},
	{"GPST", "GP Specialty Training Year "},
	{"ST", "Specialty Training Year "},
}

// GradeToEmpower gives the Empower description of a trainee grade.
func GradeToEmpower(grade string) (string, bool) {
	if d, ok := lookup(empowerFoundation, 0, 1, grade); ok {
		return d, true
	}
	g, ok := GradeByCode(grade)
	if !ok {
		return "", false
	}
	for _, p := range empowerGroups {
		if year, found := strings.CutPrefix(g.Code, p[0]); found {
			return p[1] + year, true
		}
	}
	return "", false
}

// GradeFromEmpower maps an Empower description to a grade code, accepting
// only grades of domain 2.3 (Specialty Training Year 9 is not one).
func GradeFromEmpower(desc string) (string, bool) {
	if c, ok := lookup(empowerFoundation, 1, 0, desc); ok {
		return c, true
	}
	for _, p := range empowerGroups {
		year, found := strings.CutPrefix(desc, p[1])
		if !found {
			continue
		}
		n, err := strconv.Atoi(year)
		if err != nil || strconv.Itoa(n) != year {
			return "", false
		}
		code := fmt.Sprintf("%s%d", p[0], n)
		if _, ok := GradeByCode(code); ok {
			return code, true
		}
		return "", false
	}
	return "", false
}

// Empower booleans.
const (
	EmpowerYes = "Yes"
	EmpowerNo  = "No"
)
