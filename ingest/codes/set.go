package codes

import "slices"

// Set is a closed code list in its documented order. Its fields are
// unexported so that a list can be read anywhere but changed nowhere.
type Set struct {
	name   string
	values []string
}

func newSet(name string, values ...string) Set { return Set{name: name, values: values} }

// Name is what the list is called in messages ("end reason").
func (s Set) Name() string { return s.name }

// Values returns the codes in order, as a copy.
func (s Set) Values() []string { return slices.Clone(s.values) }

// Has reports whether v is one of the codes, exactly (codes are case-sensitive).
func (s Set) Has(v string) bool { return slices.Contains(s.values, v) }
