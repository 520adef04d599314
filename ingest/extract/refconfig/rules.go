package refconfig

import (
	"time"
)

// Interim shape checks of domain section 3, until the shared rule package
// lands.

var deaneryCodes = map[string]bool{
	"NTH": true, "NWN": true, "MER": true, "YHD": true, "EMD": true, "WMD": true, "EOE": true,
	"OXF": true, "WES": true, "SEV": true, "PEN": true, "KSS": true, "LDN": true, "WAL": true,
}

func validDeanery(s string) bool { return deaneryCodes[s] }

func alnum(s string, min, max int) bool {
	if len(s) < min || len(s) > max {
		return false
	}
	for i := range len(s) {
		c := s[i]
		if !(c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}

func validTrust(s string) bool { return alnum(s, 3, 5) }
func validSite(s string) bool  { return alnum(s, 1, 10) }

// normaliseVPD applies the VPD rule: 1–2 digits are left-padded (and
// flagged by the caller), 4 digits with a leading 0 lose it.
func normaliseVPD(s string) (string, bool, bool) {
	if !alnum(s, 1, 4) {
		return s, false, false
	}
	for i := range len(s) {
		if s[i] < '0' || s[i] > '9' {
			return s, false, false
		}
	}
	switch len(s) {
	case 1:
		return "00" + s, true, true
	case 2:
		return "0" + s, true, true
	case 4:
		if s[0] != '0' {
			return s, false, false
		}
		return s[1:], true, true
	}
	return s, false, true
}

func validISODate(s string) bool {
	if s == "" {
		return true
	}
	t, err := time.Parse("2006-01-02", s)
	return err == nil && t.Year() >= 1900 && t.Year() <= 2099
}
