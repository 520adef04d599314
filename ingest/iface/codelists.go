package iface

import (
	"slices"
	"strconv"

	"deanery/ingest/codes"
)

// CodeUnknown flags a value outside its field's code list (domain 2); the
// value is kept, since a list can lag behind what ESR holds.
const CodeUnknown = "CODE_UNKNOWN"

// The closed lists that fields name with "=list" in the layout tables,
// built once as sets so that checking costs one lookup. A field keeps the
// index of its list, not the function, so that Field stays comparable.
var (
	listNames = []string{"gender", "changeDelete", "loadStatus", "messageType", "applicationType",
		"assignmentStatus", "endReason", "role", "yesNo", "grade", "payScale", "specialty",
		"notificationType", "title"}
	listTests = []func(string) bool{
		inSet(codes.Genders.Values()),
		inSet(codes.ChangeTypes.Values()),
		inSet(codes.LoadStatuses.Values()),
		inSet(codes.MessageTypes.Values()),
		inSet(codes.ApplicationTypes.Values()),
		inSet(codes.AssignmentStatuses.Values()),
		inSet(codes.EndReasons.Values()),
		inSet(codes.Roles.Values()),
		inSet([]string{"Y", "N"}),
		inSet(gradeCodes()),
		inSet(payScaleCodes()),
		inSet(specialtyCodes()),
		knownNotification,
		knownTitle,
	}
)

// inList reports whether v is in the field's code list (true when none).
func (f *Field) inList(v string) bool {
	return f.list == 0 || listTests[f.list-1](v)
}

// inSet returns a membership test. The lists are short, so a scan that
// compares lengths first beats hashing the value.
func inSet(values []string) func(string) bool {
	values = slices.Clone(values)
	return func(v string) bool {
		for _, c := range values {
			if len(c) == len(v) && c == v {
				return true
			}
		}
		return false
	}
}

func gradeCodes() []string {
	var out []string
	for _, g := range codes.Grades() {
		out = append(out, g.Code)
	}
	return out
}

func payScaleCodes() []string {
	var out []string
	for _, p := range codes.PayScales() {
		out = append(out, p.Code)
	}
	return out
}

func specialtyCodes() []string {
	var out []string
	for _, s := range codes.Specialties() {
		out = append(out, s.Code)
	}
	return out
}

func knownNotification(v string) bool {
	n, err := strconv.Atoi(v)
	return err == nil && codes.NotificationType(n).Known()
}

// knownTitle takes a title in any of its spellings (Dr, Dr., DR): APP
// sends the undotted form, PER and STF the dotted one.
func knownTitle(v string) bool {
	_, ok := codes.TitleToApp(v)
	return ok
}
