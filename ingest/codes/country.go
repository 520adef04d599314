package codes

// Country is an ISO 3166-1 alpha-2 code with the English short name
// Empower writes. The world uses only these 20 (domain 7.10).
type Country struct {
	ISO, Name string
}

var countries = []Country{
	{"GB", "United Kingdom"}, {"IE", "Ireland"}, {"IN", "India"}, {"PK", "Pakistan"},
	{"BD", "Bangladesh"}, {"LK", "Sri Lanka"}, {"MY", "Malaysia"}, {"CN", "China"},
	{"NG", "Nigeria"}, {"EG", "Egypt"}, {"SD", "Sudan"}, {"ZA", "South Africa"},
	{"IQ", "Iraq"}, {"QA", "Qatar"}, {"GR", "Greece"}, {"IT", "Italy"},
	{"ES", "Spain"}, {"DE", "Germany"}, {"PL", "Poland"}, {"RO", "Romania"},
}

// Countries returns the 20 countries in the order of 7.10.
func Countries() []Country { return append([]Country(nil), countries...) }

// CountryName is the English short name of an ISO code.
func CountryName(iso string) (string, bool) {
	for _, c := range countries {
		if c.ISO == iso {
			return c.Name, true
		}
	}
	return "", false
}

// CountryCode is the ISO code of an English short name, matched exactly.
func CountryCode(name string) (string, bool) {
	for _, c := range countries {
		if c.Name == name {
			return c.ISO, true
		}
	}
	return "", false
}
