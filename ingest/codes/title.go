package codes

import "strings"

// Title is one title in its three spellings (domain 2.5). Titles are never
// compared, but each system insists on its own form, so they are converted.
type Title struct {
	Intrepid string // DR
	App      string // Dr: Empower and APP field 8
	ESR      string // Dr.: PER and STF
}

var titles = []Title{
	{"DR", "Dr", "Dr."},
	{"MR", "Mr", "Mr."},
	{"MRS", "Mrs", "Mrs."},
	{"MS", "Ms", "Ms."},
	{"MISS", "Miss", "Miss"},
	{"MX", "Mx", "Mx."},
	{"PROF", "Prof", "Prof."},
}

// Titles returns the titles in the order of domain 2.5.
func Titles() []Title { return append([]Title(nil), titles...) }

// findTitle matches any of the three spellings, ignoring case, surrounding
// space and a trailing dot, since keyed titles vary in all three.
func findTitle(s string) (Title, bool) {
	key := strings.TrimSuffix(strings.TrimSpace(s), ".")
	for _, t := range titles {
		if strings.EqualFold(key, t.App) {
			return t, true
		}
	}
	return Title{}, false
}

// TitleToApp gives the APP and Empower form (Dr) of a title in any form.
func TitleToApp(s string) (string, bool) {
	t, ok := findTitle(s)
	return t.App, ok
}

// TitleToESR gives the dotted ESR form (Dr.) of a title in any form.
func TitleToESR(s string) (string, bool) {
	t, ok := findTitle(s)
	return t.ESR, ok
}

// TitleFromESR undots an ESR title (Dr. → Dr), the form sent back in APP
// records.
func TitleFromESR(s string) (string, bool) { return TitleToApp(s) }

// TitleToIntrepid gives the upper-case Intrepid code (DR) of a title.
func TitleToIntrepid(s string) (string, bool) {
	t, ok := findTitle(s)
	return t.Intrepid, ok
}
