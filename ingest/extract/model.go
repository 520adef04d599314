package extract

import (
	"fmt"

	"deanery/ingest/ident"
)

// Entity is one of the three deanery-system entities an extract carries
// (domain section 4). Its text is the key used in profiles.
type Entity string

// The extract entities.
const (
	Trainee   Entity = "trainee"
	Post      Entity = "post"
	Placement Entity = "placement"
)

// Entities returns the entities in the order the loader applies them:
// placements refer to trainees and posts.
func Entities() []Entity { return []Entity{Trainee, Post, Placement} }

// Kind is how the loader types a canonical column.
type Kind uint8

// The column kinds. Values of every kind travel as canonical text
// (docs/architecture.md): dates YYYY-MM-DD, timestamps YYYY-MM-DD HH:MM:SS,
// booleans true/false, decimals with '.', lists joined with ';', null "".
const (
	Text Kind = iota
	Date
	Timestamp
	Bool
	Decimal
	List
)

var kindNames = [...]string{"text", "date", "timestamp", "bool", "decimal", "list"}

func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return fmt.Sprintf("Kind(%d)", k)
}

// ListSeparator joins the items of a List value in canonical text.
const ListSeparator = ";"

// Column is one canonical column. Rule names the identifier rule of
// domain section 3 that normalises and validates it ("" for none). ID marks
// a record id, checked against the profile's id format; Required marks a
// column without which a row cannot be versioned or joined, so a row
// lacking it is rejected rather than loaded with a null.
type Column struct {
	Name     string
	Kind     Kind
	Rule     ident.Rule
	ID       bool
	Required bool
	// AsHeld keeps the trimmed text as the supplier holds it and only flags
	// rule problems: names are never re-cased, and the postcode is sent on
	// to ESR as held (domain 5.11, "APP values").
	AsHeld bool
	// Personal marks values that messages show only masked.
	Personal bool
	// NotNull marks a column the warehouse keeps no null in: a row whose
	// value is empty or unreadable is rejected, as for Required, but a
	// profile may leave the column out.
	NotNull bool
	// Whole bounds a Decimal's digits before the point, so that a value
	// the warehouse column cannot hold is flagged and null, not a failed
	// load; 0 for no bound.
	Whole int
}

// Constructors keep the column table below readable.
func text(name string, rule ident.Rule) Column { return Column{Name: name, Kind: Text, Rule: rule} }
func held(name string, rule ident.Rule) Column {
	return Column{Name: name, Kind: Text, Rule: rule, AsHeld: true}
}
func id(name string) Column            { return Column{Name: name, Kind: Text, ID: true, Required: true} }
func typed(name string, k Kind) Column { return Column{Name: name, Kind: k} }
func modified(name string) Column      { return Column{Name: name, Kind: Timestamp, Required: true} }

var columns = markPersonal(map[Entity][]Column{
	Trainee: {
		id("trainee_id"),
		text("title", ""),
		held("forenames", ident.NAME),
		held("surname", ident.NAME),
		held("previous_surname", ident.NAME),
		typed("date_of_birth", Date),
		text("gender", ""),
		text("ni_number", ident.NINO),
		text("gmc_number", ident.GMC),
		text("ntn", ident.NTN),
		text("email", ident.EMAIL),
		text("mobile_tel", ident.PHONE),
		text("home_tel", ident.PHONE),
		held("address1", ""),
		held("address2", ""),
		held("address3", ""),
		held("town", ""),
		held("postcode", ident.PCODE),
		text("country", ""),
		text("nationality", ""),
		modified("modified_at"),
		Column{Name: "deleted", Kind: Bool, NotNull: true},
	},
	Post: {
		id("post_id"),
		text("dpn", ident.DPN),
		text("deanery_code", ident.DEAN),
		text("lead_trust_code", ident.TRUST),
		Column{Name: "host_trust_codes", Kind: List, Rule: ident.TRUST},
		text("site_code", ident.SITE),
		text("specialty_code", ""),
		text("approved_grade", ""),
		text("status", ""),
		modified("modified_at"),
	},
	Placement: {
		id("placement_id"),
		id("trainee_id"),
		id("post_id"),
		text("site_code", ident.SITE),
		text("grade", ""),
		text("specialty_code", ""),
		typed("start_date", Date),
		typed("end_date", Date),
		Column{Name: "wte", Kind: Decimal, Whole: 3}, // DECIMAL(5,2)
		text("placement_type", ""),
		text("lifecycle_state", ""),
		typed("created_at", Timestamp),
		modified("modified_at"),
		Column{Name: "withdrawn", Kind: Bool, NotNull: true},
	},
})

// personal lists the columns whose values are personal data.
var personal = map[string]bool{
	"forenames": true, "surname": true, "previous_surname": true, "date_of_birth": true,
	"ni_number": true, "gmc_number": true, "email": true, "mobile_tel": true, "home_tel": true,
	"address1": true, "address2": true, "address3": true, "town": true, "postcode": true,
}

func markPersonal(m map[Entity][]Column) map[Entity][]Column {
	for _, cols := range m {
		for i := range cols {
			cols[i].Personal = personal[cols[i].Name]
		}
	}
	return m
}

// Columns returns the canonical columns of an entity, in warehouse order.
// Row values are aligned with them. The slice is a copy.
func Columns(e Entity) []Column {
	return append([]Column(nil), columns[e]...)
}

// ColumnIndex returns the position of the named column of e, or -1.
func ColumnIndex(e Entity, name string) int {
	for i, c := range columns[e] {
		if c.Name == name {
			return i
		}
	}
	return -1
}

func validEntity(e Entity) bool {
	_, ok := columns[e]
	return ok
}
