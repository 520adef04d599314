package codes

// Specialty is a specialty of domain 2.4: a 3-digit code and its name.
// Empower writes the name, Intrepid and ESR the code.
type Specialty struct {
	Code, Name string
}

var specialties = []Specialty{
	{"010", "General (Internal) Medicine"},
	{"020", "Acute Internal Medicine"},
	{"030", "Cardiology"},
	{"040", "Gastroenterology"},
	{"050", "Respiratory Medicine"},
	{"060", "Geriatric Medicine"},
	{"070", "Emergency Medicine"},
	{"080", "Anaesthetics"},
	{"090", "Intensive Care Medicine"},
	{"100", "General Surgery"},
	{"110", "Trauma and Orthopaedic Surgery"},
	{"120", "Urology"},
	{"130", "Obstetrics and Gynaecology"},
	{"140", "Paediatrics"},
	{"150", "General Psychiatry"},
	{"160", "Child and Adolescent Psychiatry"},
	{"170", "Clinical Radiology"},
	{"180", "Histopathology"},
	{"190", "Ophthalmology"},
	{"200", "Otolaryngology"},
	{"800", "General Practice"},
}

// GeneralPractice is the one specialty code known to be real.
const GeneralPractice = "800"

// Specialties returns the specialties by code.
func Specialties() []Specialty { return append([]Specialty(nil), specialties...) }

// SpecialtyName is the name of a specialty code.
func SpecialtyName(code string) (string, bool) {
	for _, s := range specialties {
		if s.Code == code {
			return s.Name, true
		}
	}
	return "", false
}

// SpecialtyCode is the code of a specialty name, matched exactly.
func SpecialtyCode(name string) (string, bool) {
	for _, s := range specialties {
		if s.Name == name {
			return s.Code, true
		}
	}
	return "", false
}
