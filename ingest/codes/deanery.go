package codes

import "slices"

// System is the deanery system a deanery runs; each keeps one throughout.
type System string

// Deanery systems (domain 1, 7.10); the text is as in config/deaneries.csv.
const (
	Intrepid System = "INTREPID"
	Empower  System = "EMPOWER"
)

// Deanery is one row of domain 2.1.
type Deanery struct {
	Code     string  // the code in ESR file names, kept after 2013
	Name     string  // the deanery's name up to 2013
	LETBName string  // the body that took it over in 2013 (plausible, not sourced)
	System   System  // synthetic assignment, except Wales (Intrepid, real)
	Share    float64 // percent of trainees in the world
	Trusts   int     // trusts in the world
	Areas    []string
}

// deaneries is in the order of domain 2.1, which reports follow.
var deaneries = []Deanery{
	{"NTH", "Northern", "Health Education North East", Intrepid, 5.8, 14, []string{"NE", "SR", "DH", "TS", "DL", "CA"}},
	{"NWN", "North Western", "Health Education North West", Empower, 8.6, 26, []string{"M", "BL", "OL", "SK", "WN", "PR", "BB", "LA", "FY"}},
	{"MER", "Mersey", "Health Education North West (Mersey)", Empower, 4.0, 12, []string{"L", "CH", "WA", "CW"}},
	{"YHD", "Yorkshire and the Humber", "Health Education Yorkshire and the Humber", Intrepid, 9.7, 23, []string{"LS", "BD", "HD", "HX", "WF", "S", "DN", "HU", "YO", "HG"}},
	{"EMD", "East Midlands", "Health Education East Midlands", Empower, 5.8, 14, []string{"NG", "DE", "LE", "LN", "NN"}},
	{"WMD", "West Midlands", "Health Education West Midlands", Intrepid, 9.7, 25, []string{"B", "CV", "WS", "WV", "DY", "ST", "TF", "WR", "HR"}},
	{"EOE", "East of England", "Health Education East of England", Intrepid, 7.8, 23, []string{"CB", "NR", "IP", "CO", "CM", "SG", "AL", "PE", "LU"}},
	{"OXF", "Oxford", "Health Education Thames Valley", Intrepid, 4.8, 12, []string{"OX", "RG", "SL", "HP", "MK"}},
	{"WES", "Wessex", "Health Education Wessex", Intrepid, 3.9, 12, []string{"SO", "PO", "BH", "SP", "DT"}},
	{"SEV", "Severn", "Health Education South West (Severn)", Intrepid, 4.9, 12, []string{"BS", "BA", "GL", "SN", "TA"}},
	{"PEN", "Peninsula", "Health Education South West (Peninsula)", Empower, 2.9, 10, []string{"EX", "PL", "TQ", "TR"}},
	{"KSS", "Kent, Surrey and Sussex", "Health Education Kent, Surrey and Sussex", Intrepid, 6.8, 17, []string{"CT", "ME", "TN", "BN", "RH", "GU"}},
	{"LDN", "London", "Health Education England London", Intrepid, 21.3, 40, []string{"E", "EC", "N", "NW", "SE", "SW", "W", "WC", "BR", "CR", "DA", "EN", "HA", "IG", "KT", "RM", "SM", "TW", "UB"}},
	{"WAL", "Wales", "Health Education and Improvement Wales", Intrepid, 4.0, 10, []string{"CF", "SA", "NP", "LL", "SY", "LD"}},
}

// Deaneries returns the deaneries in table order, as copies.
func Deaneries() []Deanery {
	out := make([]Deanery, len(deaneries))
	for i, d := range deaneries {
		out[i] = d.clone()
	}
	return out
}

// DeaneryByCode finds a deanery by its code (exact, upper-case).
func DeaneryByCode(code string) (Deanery, bool) {
	for _, d := range deaneries {
		if d.Code == code {
			return d.clone(), true
		}
	}
	return Deanery{}, false
}

// DeaneryCodes returns the codes in table order.
func DeaneryCodes() []string {
	out := make([]string, len(deaneries))
	for i, d := range deaneries {
		out[i] = d.Code
	}
	return out
}

func (d Deanery) clone() Deanery {
	d.Areas = slices.Clone(d.Areas)
	return d
}
