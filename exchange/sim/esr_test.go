package sim

import (
	"bytes"
	"fmt"
	"io"
	"testing"
	"time"

	"deanery/ingest/codes"
	"deanery/ingest/iface"
)

// tinyWorld is a hand-made world: one deanery, two trusts, a few posts and
// placements, no faults.
func tinyWorld(bucket int) *World {
	w := &World{}
	w.Settings = Settings{Seed: 7, Scale: 0.01, From: MakeDate(2011, time.January, 3), To: MakeDate(2011, time.June, 30)}
	w.grades, w.specs, w.ptypes = codes.Grades(), codes.Specialties(), codes.PlacementTypes()
	cd, _ := codes.DeaneryByCode("OXF")
	w.Deaneries = []Deanery{{Deanery: cd, Trusts: []int32{0, 1}}}
	w.Trusts = []Trust{
		{Code: "R7H", Name: "Westbury Hospitals NHS Foundation Trust", VPD: "112", LiveFrom: MakeDate(2011, time.January, 10), FullFrom: Never, Sites: []int32{0, 1}},
		{Code: "RX3", Name: "Eastbury NHS Trust", VPD: "096", LiveFrom: MakeDate(2011, time.February, 14), FullFrom: Never, Sites: []int32{2}},
	}
	w.Sites = []Site{{Code: "R7H01", Name: "Westbury General Hospital", Trust: 0}, {Code: "R7H02", Name: "Mill Hospital", Trust: 0}, {Code: "RX301", Name: "Eastbury Royal Infirmary", Trust: 1}}
	gi := func(c string) uint8 {
		for i, g := range w.grades {
			if g.Code == c {
				return uint8(i)
			}
		}
		panic(c)
	}
	si := func(c string) uint8 {
		for i, s := range w.specs {
			if s.Code == c {
				return uint8(i)
			}
		}
		panic(c)
	}
	pre := MakeDate(2010, time.June, 1).At(10, 0, 0)
	w.Posts = []Post{
		{ID: 1, Site: 0, Lead: 0, Specialty: si("010"), Grade: gi("F1"), DPN: "OXF/R7H01/010/FY1/001", Created: pre},
		{ID: 2, Site: 2, Lead: 1, Hosts: []int32{0}, Specialty: si("140"), Grade: gi("ST1"), DPN: "OXF/RX301/140/STR/001", Created: pre},
		{ID: 3, Site: 1, Lead: 0, Specialty: si("100"), Grade: gi("ST3"), DPN: "OXF/R7H02/100/HT/001", Created: MakeDate(2011, time.March, 1).At(11, 0, 0), Bucket: bucket > 0},
	}
	tr := func(id int32, first, last, gmc string) Trainee {
		return Trainee{ID: id, Rows: []TraineeRow{{At: pre, Title: "DR", Forenames: first, Surname: last, DOB: "1985-02-14",
			Gender: "F", GMC: gmc, NI: "JC123456A", Email: "x@example.com", Postcode: "OX1 1AA", Country: "GB", Nationality: "GB"}}}
	}
	w.Trainees = []Trainee{tr(1, "Priya Anjali", "Sharma", "7012345"), tr(2, "Chidi", "Okafor", "7054321"), tr(3, "Wei", "Chen", "UNKNOWN")}
	pl := func(id, t, post, site int32, g string, start, end Date) Placement {
		return Placement{ID: id, Trainee: t, Post: post, Site: site, Grade: gi(g), Specialty: w.Posts[post].Specialty,
			WTE: 100, Start: start, End: end, Created: start.At(9, 0, 0) - 200*86400, Approved: start.At(9, 0, 0) - 150*86400}
	}
	aug, dec := MakeDate(2011, time.August, 3), MakeDate(2011, time.December, 7)
	w.Placements = []Placement{
		pl(1, 1, 0, 0, "F1", MakeDate(2010, time.August, 4), aug-1),
		pl(2, 0, 0, 0, "F1", aug, dec-1),
		pl(3, 1, 1, 2, "ST1", aug, MakeDate(2012, time.August, 1)),
		pl(4, 2, 2, 1, "ST3", MakeDate(2011, time.May, 4), MakeDate(2012, time.May, 1)),
	}
	w.Placements[3].Withdrawn = MakeDate(2011, time.April, 20).At(12, 0, 0)
	for i := range bucket {
		p := pl(int32(10+i), 0, 2, 1, "ST3", MakeDate(2011, time.June, 1), MakeDate(2012, time.May, 30))
		p.Approved = MakeDate(2011, time.March, 10).At(9, 0, 0)
		w.Placements = append(w.Placements, p)
	}
	w.Settings.Faults = FaultRates{}
	return w
}

func runTiny(t *testing.T, bucket int) *ESR {
	t.Helper()
	w := tinyWorld(bucket)
	e := NewESR(w)
	for d := w.Settings.From; d <= w.Settings.To; d++ {
		if err := w.Hooks.Day(w, d); err != nil {
			t.Fatal(err)
		}
	}
	return e
}

func readAll(t *testing.T, f ExFile) []iface.Record {
	t.Helper()
	r, err := iface.NewReader(f.Name, bytes.NewReader(f.Data))
	if err != nil {
		t.Fatalf("%s: %v", f.Name, err)
	}
	var out []iface.Record
	for {
		rec, err := r.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("%s: %v\n%s", f.Name, err, f.Data)
		}
		if rec.Reject != nil {
			t.Errorf("%s:%d: rejected: %v\n%s", f.Name, rec.Line, rec.Reject, rec.Raw)
		}
		out = append(out, rec)
	}
	return out
}

func TestTinyWorldFiles(t *testing.T) {
	e := runTiny(t, 0)
	seqs := map[string]int{}
	types := map[string]int{}
	apps := map[string]int{}
	for _, f := range e.Files {
		recs := readAll(t, f)
		types[f.Type]++
		k := f.Deanery + f.Type
		if f.Seq != seqs[k]+1 {
			t.Errorf("%s: sequence %d after %d", f.Name, f.Seq, seqs[k])
		}
		seqs[k] = f.Seq
		if f.Type == "APP" {
			apps[f.Name] = len(recs)
		}
		if f.Type == "APC" {
			for i, r := range recs {
				if r.Get("esrVacancyId") != fmt.Sprint(i+1) {
					t.Errorf("%s: record %d answers ordinal %s", f.Name, i+1, r.Get("esrVacancyId"))
				}
				if n, ok := apps[r.Get("appFileName")]; !ok || n != len(recs) {
					t.Errorf("%s answers %s with %d records, APP had %d", f.Name, r.Get("appFileName"), len(recs), n)
				}
			}
		}
	}
	for _, typ := range []string{"RMF", "RMC", "APP", "APC", "DNF", "DCC"} {
		if types[typ] == 0 {
			t.Errorf("no %s file; files %v", typ, types)
		}
	}
	if len(e.Sends) == 0 {
		t.Error("no sends")
	}
}

func TestDeterminism(t *testing.T) {
	a, b := runTiny(t, 0), runTiny(t, 0)
	if len(a.Files) != len(b.Files) {
		t.Fatalf("%d files vs %d", len(a.Files), len(b.Files))
	}
	for i := range a.Files {
		if a.Files[i].Name != b.Files[i].Name || !bytes.Equal(a.Files[i].Data, b.Files[i].Data) {
			t.Fatalf("%s differs", a.Files[i].Name)
		}
	}
}

func TestQuarantine(t *testing.T) {
	e := runTiny(t, 45)
	var q *ExFile
	for i, f := range e.Files {
		if f.Quarantine {
			q = &e.Files[i]
			break
		}
	}
	if q == nil {
		t.Fatal("no quarantined APP")
	}
	for _, f := range e.Files {
		if f.Type != "APC" {
			continue
		}
		for _, r := range readAll(t, f) {
			if r.Get("appFileName") == q.Name {
				t.Fatalf("quarantined %s got an APC", q.Name)
			}
		}
		// After the quarantine, no APP carries more than 40 per DPN.
	}
	for _, f := range e.Files {
		if f.Type == "APP" && f.Date > q.Date {
			n := map[string]int{}
			for _, r := range readAll(t, f) {
				n[r.Get("deaneryNumber")]++
				if n[r.Get("deaneryNumber")] > 40 {
					t.Fatalf("%s: more than 40 for a DPN after the quarantine", f.Name)
				}
			}
		}
	}
}
