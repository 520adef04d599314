package codes

// TrustKind is one kind of employing organisation of domain 2.2.
type TrustKind struct {
	Code string
	// Share is the percent of a deanery's ordinary trusts of this kind;
	// 0 for GP_LEAD_EMPLOYER, which is not drawn by share.
	Share float64
	// Weight is the relative number of trainees a trust of the kind takes;
	// 0 for GP_LEAD_EMPLOYER, which takes exactly the GP trainees.
	Weight float64
	// MinSites and MaxSites bound its hospital or community sites; 0 for
	// GP_LEAD_EMPLOYER, whose sites are its training practices.
	MinSites, MaxSites int
	// OnePerDeanery marks the GP lead employer: every deanery has one.
	OnePerDeanery bool
}

// Trust kind codes, as in config/trusts.csv.
const (
	AcuteTeaching  = "ACUTE_TEACHING"
	Acute          = "ACUTE"
	MentalHealth   = "MENTAL_HEALTH"
	Community      = "COMMUNITY"
	GPLeadEmployer = "GP_LEAD_EMPLOYER"
)

var trustKinds = []TrustKind{
	{Code: AcuteTeaching, Share: 12, Weight: 8, MinSites: 3, MaxSites: 8},
	{Code: Acute, Share: 46, Weight: 3, MinSites: 1, MaxSites: 4},
	{Code: MentalHealth, Share: 20, Weight: 1, MinSites: 2, MaxSites: 6},
	{Code: Community, Share: 16, Weight: 0.3, MinSites: 1, MaxSites: 3},
	{Code: GPLeadEmployer, OnePerDeanery: true},
}

// TrustKinds returns the kinds in the order of domain 2.2.
func TrustKinds() []TrustKind { return append([]TrustKind(nil), trustKinds...) }

// TrustKindByCode finds a kind by its code.
func TrustKindByCode(code string) (TrustKind, bool) {
	for _, k := range trustKinds {
		if k.Code == code {
			return k, true
		}
	}
	return TrustKind{}, false
}

// SiteKinds are the kinds of config/sites.csv: site numbers 00–49 are
// hospital or community sites, 50–99 the lead employer's GP practices.
var SiteKinds = newSet("site kind", "HOSPITAL", "COMMUNITY", "GP_PRACTICE")
