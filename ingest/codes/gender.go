package codes

// Gender codes (domain 2.5). U is unknown and compares as null (8.2).
const (
	GenderMale    = "M"
	GenderFemale  = "F"
	GenderUnknown = "U"
)

// Genders is the gender code list.
var Genders = newSet("gender", GenderMale, GenderFemale, GenderUnknown)

var empowerGender = [][2]string{{GenderMale, "Male"}, {GenderFemale, "Female"}, {GenderUnknown, "Not Known"}}

// GenderFromEmpower maps Male, Female, Not Known to M, F, U.
func GenderFromEmpower(desc string) (string, bool) {
	for _, g := range empowerGender {
		if g[1] == desc {
			return g[0], true
		}
	}
	return "", false
}

// GenderToEmpower maps M, F, U to Empower's words.
func GenderToEmpower(code string) (string, bool) {
	for _, g := range empowerGender {
		if g[0] == code {
			return g[1], true
		}
	}
	return "", false
}
