package codes

// PlacementType is a placement type of domain 2.5 (TIS codes).
type PlacementType struct {
	Code    string
	Empower string  // the description Empower writes (7.10)
	Share   float64 // percent of placements in the world
	// Sent is false for out-of-programme types: the trainee is not employed
	// by a trust then, so no applicant record is made.
	Sent bool
}

// Placement type codes.
const (
	InPost          = "IN_POST"
	InPostActingUp  = "IN_POST_ACTING_UP"
	InPostExtension = "IN_POST_EXTENSION"
	ParentalLeave   = "PARENTAL_LEAVE"
	LongTermSick    = "LONG_TERM_SICK"
	Suspended       = "SUSPENDED"
	PhasedReturn    = "PHASED_RETURN"
	OOPC            = "OOPC"
	OOPE            = "OOPE"
	OOPR            = "OOPR"
	OOPT            = "OOPT"
)

// placementTypes is in the order of 7.10, which pairs codes and Empower
// descriptions by position. The 1.5% out of programme is split evenly.
var placementTypes = []PlacementType{
	{InPost, "In Post", 93, true},
	{InPostActingUp, "In Post - Acting Up", 0.5, true},
	{InPostExtension, "In Post - Extension", 1.5, true},
	{ParentalLeave, "Parental Leave", 2.5, true},
	{LongTermSick, "Long Term Sick", 0.5, true},
	{Suspended, "Suspended", 0.1, true},
	{PhasedReturn, "Phased Return", 0.4, true},
	{OOPC, "Out of Programme - Career Break", 0.375, false},
	{OOPE, "Out of Programme - Experience", 0.375, false},
	{OOPR, "Out of Programme - Research", 0.375, false},
	{OOPT, "Out of Programme - Training", 0.375, false},
}

// PlacementTypes returns the placement types in the order of 7.10.
func PlacementTypes() []PlacementType { return append([]PlacementType(nil), placementTypes...) }

// PlacementTypeByCode finds a placement type by its code.
func PlacementTypeByCode(code string) (PlacementType, bool) {
	for _, p := range placementTypes {
		if p.Code == code {
			return p, true
		}
	}
	return PlacementType{}, false
}

// PlacementTypeFromEmpower maps an Empower description to its code.
func PlacementTypeFromEmpower(desc string) (string, bool) {
	for _, p := range placementTypes {
		if p.Empower == desc {
			return p.Code, true
		}
	}
	return "", false
}

// IsSentType reports whether placements of the type go to ESR.
func IsSentType(code string) bool {
	p, ok := PlacementTypeByCode(code)
	return ok && p.Sent
}
