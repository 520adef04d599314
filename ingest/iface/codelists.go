package iface

import (
	"strconv"

	"deanery/ingest/codes"
)

// CodeUnknown flags a value outside its field's code list (domain 2); the
// value is kept, since a list can lag behind what ESR holds.
const CodeUnknown = "CODE_UNKNOWN"

// codeLists are the closed lists that fields name with "=list" in the
// layout tables, built once as sets so that checking costs one lookup.
var codeLists = map[string]func(string) bool{
	"gender":           inSet(codes.Genders.Values()),
	"changeDelete":     inSet(codes.ChangeTypes.Values()),
	"loadStatus":       inSet(codes.LoadStatuses.Values()),
	"messageType":      inSet(codes.MessageTypes.Values()),
	"applicationType":  inSet(codes.ApplicationTypes.Values()),
	"assignmentStatus": inSet(codes.AssignmentStatuses.Values()),
	"endReason":        inSet(codes.EndReasons.Values()),
	"role":             inSet(codes.Roles.Values()),
	"yesNo":            inSet([]string{"Y", "N"}),
	"grade":            inSet(gradeCodes()),
	"payScale":         inSet(payScaleCodes()),
	"specialty":        inSet(specialtyCodes()),
	"notificationType": knownNotification,
	"title":            knownTitle,
}

func inSet(values []string) func(string) bool {
	set := make(map[string]bool, len(values))
	for _, v := range values {
		set[v] = true
	}
	return func(v string) bool { return set[v] }
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
