package iface

import (
	"fmt"
	"strings"
)

// Kind is a field type of the ESR key (domain 7).
type Kind byte

// The field types: X text up to n, F text of exactly n, N number of up to n
// digits with m decimals, L number zero-padded to n digits, D date
// YYYYMMDD, T timestamp YYYYMMDDHHMMSS.
const (
	X Kind = 'X'
	F Kind = 'F'
	N Kind = 'N'
	L Kind = 'L'
	D Kind = 'D'
	T Kind = 'T'
)

// String returns the one-letter name of the kind.
func (k Kind) String() string { return string(rune(k)) }

// Quoted reports whether a writer quotes values of this kind (section 6:
// X and F are quoted, N, L, D and T are not).
func (k Kind) Quoted() bool { return k == X || k == F }

// Field is one column of a record layout.
type Field struct {
	Pos       int    // 1-based position in the record
	Name      string // camelCase name of the domain (deaneryNumber)
	ID        string // T_<REC>NN (T_POR07)
	Type      Kind
	Len       int    // n of X(n), F(n), N(n,m), L(n); 8 for D, 14 for T
	Dec       int    // m of N(n,m)
	Mandatory bool   // M in the domain tables
	Rule      Rule   // identifier rule applied by the reader, "" for none
	List      string // code list the values come from (gender, grade...), "" for none

	fast  fastKind // the rule's fast path, if any
	list  uint8    // index+1 in listTests of the code list, 0 for none
	birth bool     // a birth date, judged for plausibility
}

// String renders the field as the domain writes it: T_APP03 deaneryNumber X(30) M.
func (f Field) String() string {
	s := f.ID + " " + f.Name + " " + f.TypeString()
	if f.Mandatory {
		s += " M"
	}
	return s
}

// TypeString renders the type as the domain writes it: X(30), N(3,2), D.
func (f Field) TypeString() string {
	switch {
	case f.Type == D || f.Type == T:
		return f.Type.String()
	case f.Dec > 0:
		return fmt.Sprintf("%s(%d,%d)", f.Type, f.Len, f.Dec)
	}
	return fmt.Sprintf("%s(%d)", f.Type, f.Len)
}

// Column is the warehouse column name of the field: the camelCase name in
// snake_case, acronyms kept together (employingOrgVPDCode →
// employing_org_vpd_code, positionID → position_id).
func (f Field) Column() string { return snake(f.Name) }

// snake converts a camelCase name to snake_case. An underscore goes before
// an upper-case letter that follows a lower-case letter or digit, or that
// starts a new word after an acronym (VPDCode → vpd_code).
func snake(s string) string {
	var b strings.Builder
	b.Grow(len(s) + 4)
	for i := 0; i < len(s); i++ {
		c := s[i]
		if isUpper(c) && i > 0 {
			prev := s[i-1]
			nextLower := i+1 < len(s) && isLower(s[i+1])
			if isLower(prev) || isDigit(prev) || (isUpper(prev) && nextLower) {
				b.WriteByte('_')
			}
		}
		if isUpper(c) {
			c += 'a' - 'A'
		}
		b.WriteByte(c)
	}
	return b.String()
}

func isUpper(c byte) bool { return c >= 'A' && c <= 'Z' }
func isLower(c byte) bool { return c >= 'a' && c <= 'z' }
func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// RecordLayout is the field table of one record type. Field i of a record
// is Fields[i]; Fields[0] is always recordType.
type RecordLayout struct {
	RecordType string
	Fields     []Field
	index      map[string]int
}

// Index returns the position in Fields of the field named name (camelCase
// name, column name or id), or -1.
func (l *RecordLayout) Index(name string) int {
	if i, ok := l.index[name]; ok {
		return i
	}
	return -1
}

// Field returns the field named name (camelCase name, column name or id).
func (l *RecordLayout) Field(name string) (Field, bool) {
	i := l.Index(name)
	if i < 0 {
		return Field{}, false
	}
	return l.Fields[i], true
}

// Columns returns the column names of the fields, in order.
func (l *RecordLayout) Columns() []string {
	cols := make([]string, len(l.Fields))
	for i, f := range l.Fields {
		cols[i] = f.Column()
	}
	return cols
}

// Layout returns the layout of a record type (HDR, TRL, APP, APC, DNC, DCC,
// POS, POR, PER, ADD, ASG, PBD, STF). The layout is shared: do not modify it.
func Layout(recordType string) (*RecordLayout, bool) {
	l, ok := layouts[recordType]
	return l, ok
}

// RecordTypes returns the record types in the order of the domain.
func RecordTypes() []string {
	return append([]string(nil), recordTypeOrder...)
}

// FileTypes returns the file types of section 6, in its order.
func FileTypes() []string {
	return append([]string(nil), fileTypeOrder...)
}

// Allowed returns the record types a file of the given type may hold between
// its header and trailer, or nil for an unknown file type.
func Allowed(fileType string) []string {
	return append([]string(nil), allowed[fileType]...)
}

// allows reports whether a file of type fileType may hold a record of type rt.
func allows(fileType, rt string) bool {
	for _, a := range allowed[fileType] {
		if a == rt {
			return true
		}
	}
	return false
}

var fileTypeOrder = []string{"APP", "APC", "DNF", "DNC", "DCC", "RMF", "RMC", "STF"}

var allowed = map[string][]string{
	"APP": {"APP"},
	"APC": {"APC"},
	"DNF": {"DNC"},
	"DNC": {"DNC"},
	"DCC": {"DCC"},
	"RMF": {"POS", "POR", "PER", "ADD", "ASG", "PBD"},
	"RMC": {"POS", "POR", "PER", "ADD", "ASG", "PBD"},
	"STF": {"STF"},
}
