package sim

import (
	"testing"
	"time"

	"deanery/ingest/iface"
)

// exported returns the records of the deanery's files of type typ (APP,
// DNC or DNF), each with the name of its file.
func exported(t *testing.T, e *ESR, typ string) ([]iface.Record, []string) {
	t.Helper()
	var recs []iface.Record
	var names []string
	for _, f := range e.Files {
		if f.Type != typ {
			continue
		}
		for _, r := range readAll(t, f) {
			if r.Type == "APP" || r.Type == "DNC" {
				recs = append(recs, r)
				names = append(names, f.Name)
			}
		}
	}
	return recs, names
}

// Field 9 of a type 1 (7.4 "Fields per type"): Y when there is no next
// placement, else N, in the DNF and in a DNC alike.
func TestType1PostVacantAtNextRotation(t *testing.T) {
	e := runTiny(t, 0)
	seen := map[string]bool{}
	for _, typ := range []string{"DNF", "DNC"} {
		recs, names := exported(t, e, typ)
		for i, r := range recs {
			if r.Get("notificationType") != "1" {
				continue
			}
			want := "N"
			if r.Get("nextLastName") == "" {
				want = "Y"
			}
			if got := r.Get("postVacantAtNextRotation"); got != want {
				t.Errorf("%s:%d: postVacantAtNextRotation %q, want %q", names[i], r.Line, got, want)
			}
			seen[typ+want] = true
		}
	}
	// The DNF of 2011-01-10 holds post 1 with Okafor current and Sharma's
	// August placement too far ahead to be next; the DNC of 2011-05-05
	// holds Sharma's placement as next, Okafor's as current.
	for _, k := range []string{"DNFY", "DNCN"} {
		if !seen[k] {
			t.Errorf("no %s type 1 with field 9 %s", k[:3], k[3:])
		}
	}
	recs, names := exported(t, e, "DNC")
	found := false
	for i, r := range recs {
		if r.Get("notificationType") == "1" && r.Get("deaneryPlacementId") == "000000002" {
			found = true
			if r.Get("postVacantAtNextRotation") != "N" || r.Get("currentLastName") != "Okafor" || r.Get("nextLastName") != "Sharma" {
				t.Errorf("%s:%d: type 1 of placement 2: %q", names[i], r.Line, r.Raw)
			}
		}
	}
	if !found {
		t.Error("no type 1 for placement 2")
	}
}

// APP and DNC values are the 5.8 deanery value at D 17:00 (5.11 "APP
// content source"): a field a PER or ADD applied before the run
// propagated is sent, a later deanery edit of another field does not
// revert it, an extract edit stamped with the apply time wins the tie,
// and a dotted ESR title is sent undotted.
func TestAPPValuesTakeAppliedPersonRecords(t *testing.T) {
	w := tinyWorld(0)
	applyOn := MakeDate(2011, time.April, 1)
	applied := applyOn.At(14, 30, 0)
	// Sharma's extract: the postcode edited at the apply time (a tie), the
	// mobile two weeks later; the email never.
	w.EditTrainee(0, applied, func(r *TraineeRow) { r.Postcode = "OX3 3CC" })
	w.EditTrainee(0, MakeDate(2011, time.April, 15).At(10, 0, 0), func(r *TraineeRow) { r.Mobile = "07700 900123" })
	e := NewESR(w)
	head := func(typ string, kv ...string) rec {
		return mkRec(typ, append([]string{"esrPersonNumber", "10000009", "changeTimestamp", "20110331120000",
			"changeDeleteIndicator", "C", "employingOrgVPDCode", "112"}, kv...)...)
	}
	for d := w.Settings.From; d <= w.Settings.To; d++ {
		if d == applyOn {
			// A delivered RMC of the day: Sharma resolves by the PBD's GMC.
			e.truth.onUpdate(e, 0, &ExFile{Name: "DE_OXF_RMC_20110401_00000099.DAT", Deanery: "OXF", Type: "RMC", Date: d},
				[]rec{
					head("PER", "lastName", "Sharma", "firstName", "Priya", "middleNames", "Anjali", "title", "Prof.",
						"emailAddress", "priya.sharma@nhsmail.example"),
					head("ADD", "address1", "2 Broad Street", "postcode", "OX2 2BB"),
					head("PBD", "professionalBody", "General Medical Council", "registrationNumber", "7012345"),
				}, false, applied)
		}
		if err := w.Hooks.Day(w, d); err != nil {
			t.Fatal(err)
		}
	}
	apps, names := exported(t, e, "APP")
	var sharma, okafor int
	for i, r := range apps {
		switch r.Get("deaneryPlacementId") {
		case "000000002":
			sharma++
			want := map[string]string{"title": "Prof", "firstName": "Priya", "middleNames": "Anjali", "lastName": "Sharma",
				"applicantEmailAddress": "priya.sharma@nhsmail.example", "address1": "2 Broad Street",
				"postcode": "OX3 3CC", "mobileTel": "07700 900123"}
			for f, v := range want {
				if got := r.Get(f); got != v {
					t.Errorf("%s:%d: Sharma's %s %q, want %q", names[i], r.Line, f, got, v)
				}
			}
		case "000000003":
			okafor++
			if got := r.Get("applicantEmailAddress"); got != "x@example.com" {
				t.Errorf("%s:%d: Okafor's email %q, want the extract's", names[i], r.Line, got)
			}
		}
	}
	if sharma == 0 || okafor == 0 {
		t.Fatalf("APP records: Sharma %d, Okafor %d", sharma, okafor)
	}
	dncs, names := exported(t, e, "DNC")
	found := false
	for i, r := range dncs {
		if r.Get("notificationType") == "1" && r.Get("deaneryPlacementId") == "000000002" {
			found = true
			if got := r.Get("nextEmailAddress"); got != "priya.sharma@nhsmail.example" {
				t.Errorf("%s:%d: nextEmailAddress %q", names[i], r.Line, got)
			}
		}
	}
	if !found {
		t.Error("no type 1 for Sharma's placement")
	}
}
