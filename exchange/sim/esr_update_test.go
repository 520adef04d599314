package sim

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"deanery/ingest/iface"
)

// fullWorld is the hand-made world with three distinct people and both
// trusts' pairs FULL from their go-live, changed by mod before ESR starts.
func fullWorld(mod func(w *World)) *World {
	w := tinyWorld(0)
	w.Settings.To = MakeDate(2011, time.September, 30)
	for i, ni := range []string{"JC123456A", "JK246810C", "NP654321B"} {
		w.Trainees[i].Rows[0].NI = ni
		w.Trainees[i].Human = int32(i)
	}
	for i := range w.Trusts {
		w.Trusts[i].FullFrom = w.Trusts[i].LiveFrom
	}
	if mod != nil {
		mod(w)
	}
	return w
}

// runWorld plays w day by day with ESR beside it.
func runWorld(t *testing.T, w *World) *ESR {
	t.Helper()
	e := NewESR(w)
	for d := w.Settings.From; d <= w.Settings.To; d++ {
		if err := w.Hooks.Day(w, d); err != nil {
			t.Fatal(err)
		}
	}
	return e
}

// personRecs returns the person records of every RMC/RMF, by file.
func personRecs(t *testing.T, e *ESR) map[string][]iface.Record {
	t.Helper()
	out := map[string][]iface.Record{}
	for _, f := range e.Files {
		if f.Type != "RMC" && f.Type != "RMF" {
			continue
		}
		for _, r := range readAll(t, f) {
			if r.Type == "PER" || r.Type == "ADD" || r.Type == "ASG" || r.Type == "PBD" {
				out[f.Name] = append(out[f.Name], r)
			}
		}
	}
	return out
}

func TestHireSendsFullSetInNextRMC(t *testing.T) {
	e := runWorld(t, fullWorld(nil))
	w := e.w
	var cl *claim
	for _, c := range e.people.claims[1] { // Sharma's F1 placement at R7H, lead
		if c.kind == claimNew && c.hired {
			cl = c
		}
	}
	if cl == nil {
		t.Fatal("Sharma was not hired through the interface")
	}
	at := cl.hireOn.At(20, 0, 0)
	num := e.people.persons[cl.person].Number
	// The next update file after the hire.
	var next *ExFile
	for i, f := range e.Files {
		if (f.Type == "RMC" || f.Type == "RMF") && f.Date.At(14, 30, 0) > at {
			next = &e.Files[i]
			break
		}
	}
	if next == nil {
		t.Fatal("no update file after the hire")
	}
	var got []string
	for _, r := range readAll(t, *next) {
		if r.Get("esrPersonNumber") != num {
			continue
		}
		got = append(got, r.Type)
		if ts := r.Get("changeTimestamp"); ts != tsTime(at).Format("20060102150405") {
			t.Errorf("%s: %s stamped %s, want the hire %s", next.Name, r.Type, ts, at)
		}
		if v := r.Get("employingOrgVPDCode"); v != w.Trusts[0].VPD {
			t.Errorf("%s: %s VPD %s", next.Name, r.Type, v)
		}
	}
	if want := []string{"PER", "ADD", "ASG", "PBD"}; !slices.Equal(got, want) {
		t.Errorf("%s holds %v for the hire, want %v", next.Name, got, want)
	}
	// Nothing of that person before the hire.
	for name, recs := range personRecs(t, e) {
		for _, r := range recs {
			if r.Get("esrPersonNumber") == num && name < next.Name && strings.Contains(name, "_RMC_") {
				t.Errorf("%s carries %s before the hire", name, r.Type)
			}
		}
	}
}

func TestHostKeyedChangeNeverFlows(t *testing.T) {
	e := runWorld(t, fullWorld(nil))
	ps := e.people
	// Okafor: lead at RX3 and host at R7H from 2011-08-03.
	pi := int32(-1)
	for _, cl := range ps.claims[2] {
		pi = cl.person
	}
	d := MakeDate(2011, time.October, 3)
	if pi < 0 || !e.leadAndHost(pi, d) {
		t.Fatal("no person with lead and host assignments")
	}
	u := e.upd()
	keyed, flowed := 0, 0
	for n := range 40 {
		at := (d + Date(n)).At(12, 0, 0)
		before := len(u.pend[0])
		ps.persons[pi].Email = fmt.Sprintf("c.okafor.%d@example.com", n)
		host := e.keyedAtHost(pi, at)
		e.updESRChange(pi, 1, at)
		added := u.pend[0][before:]
		switch {
		case host && len(added) > 0:
			t.Errorf("%s: a change keyed at the host sent %d records", at, len(added))
		case host:
			keyed++
		case len(added) != 1 || added[0].r.typ != "PER" || added[0].vpd != e.w.Trusts[1].VPD:
			t.Errorf("%s: a change keyed at the lead sent %+v, want one PER at the lead's VPD", at, added)
		default:
			flowed++
		}
	}
	if keyed == 0 || flowed == 0 {
		t.Errorf("%d keyed at the host, %d flowed: want both", keyed, flowed)
	}
	// A change keyed where the person's assignment is host (trust checks
	// at a host hire) never flows.
	before := len(u.pend[0])
	ps.persons[pi].Mobile = "07700 900999"
	if reached := e.updPerson(pi, d.At(20, 0, 0), true); len(reached) > 0 || len(u.pend[0]) != before {
		t.Error("a host-keyed change was journalled")
	}
}

func TestRMFHoldsEveryPersonInScope(t *testing.T) {
	for _, d := range []Date{MakeDate(2011, time.April, 1), MakeDate(2011, time.September, 30)} {
		e := runWorld(t, fullWorld(func(w *World) { w.Settings.To = d }))
		w := e.w
		ps := e.people
		// In scope, straight from ESR's assignments as they stand.
		want := map[string]bool{}
		for ai := range ps.asgs {
			a := &ps.asgs[ai]
			if a.Cancelled || !e.full(a.Trust, d) {
				continue
			}
			for k := range a.Periods {
				p := &a.Periods[k]
				if pos := p.Pos; pos >= 0 && e.Positions[pos].DPN != "" && e.Positions[pos].Role == roleLead &&
					(p.End == 0 || p.End >= d) && p.Changed <= d.At(14, 30, 0) {
					want[ps.persons[a.Person].Number+"/"+w.Trusts[a.Trust].VPD] = true
				}
			}
		}
		if len(want) == 0 {
			t.Fatalf("%s: nobody in scope", d)
		}
		// The day's RMF, else the RMF ESR would write now.
		recs := e.personRecords(0, d, d.At(14, 30, 0), true)
		for _, f := range e.Files {
			if f.Type == "RMF" && f.Date == d {
				recs = recs[:0]
				for _, r := range readAll(t, f) {
					if r.Type != "POS" && r.Type != "POR" {
						recs = append(recs, rec{r.Type, []string{r.Get("esrPersonNumber"), "", "", r.Get("employingOrgVPDCode")}})
					}
				}
			}
		}
		got := map[string]map[string]bool{}
		for _, r := range recs {
			k := r.vals[0] + "/" + r.vals[3]
			if got[k] == nil {
				got[k] = map[string]bool{}
			}
			got[k][r.typ] = true
		}
		for k := range want {
			if !got[k]["PER"] || !got[k]["ADD"] || !got[k]["ASG"] || !got[k]["PBD"] {
				t.Errorf("%s: RMF holds %v for %s, want PER, ADD, ASG, PBD", d, got[k], k)
			}
		}
		for k := range got {
			if !want[k] {
				t.Errorf("%s: RMF holds %s, not in scope", d, k)
			}
		}
	}
}

func TestUpdateFilesReadClean(t *testing.T) {
	e := runWorld(t, fullWorld(func(w *World) { w.Settings.Faults.DuplicateFile = 4 }))
	n := map[string]int{}
	prev := map[string]string{} // deanery → previous RMC/RMF createdAt
	for _, f := range e.Files {
		recs := readAll(t, f)
		for _, r := range recs {
			n[r.Type]++
		}
		if f.Type != "RMC" && f.Type != "RMF" {
			continue
		}
		cut := f.Date.At(14, 30, 0)
		stamp := tsTime(cut).Format("20060102150405")
		// An RMC holds the changes of (previous RMC/RMF, D 14:30], in
		// change-timestamp order.
		last := ""
		for _, r := range recs {
			ts := r.Get("changeTimestamp")
			if ts == "" {
				continue
			}
			if f.Type == "RMC" && (ts <= prev[f.Deanery] || ts > stamp || ts < last) {
				t.Errorf("%s: %s stamped %s, outside (%s, %s] or out of order", f.Name, r.Type, ts, prev[f.Deanery], stamp)
			}
			last = ts
		}
		prev[f.Deanery] = stamp
	}
	for _, typ := range []string{"PER", "ADD", "ASG", "PBD"} {
		if n[typ] == 0 {
			t.Errorf("no %s record; records %v", typ, n)
		}
	}
}

func TestDuplicateFiles(t *testing.T) {
	w := fullWorld(func(w *World) { w.Settings.Faults.DuplicateFile = 6 })
	e := runWorld(t, w)
	sides := map[string]int{}
	for _, f := range w.Faults {
		if f.Kind != "DUPLICATE_FILE" {
			continue
		}
		sides[f.Side]++
		x := e.Files[f.Entity]
		if x.Name != f.File || f.EntityID != x.Name {
			t.Errorf("fault names %s, file %s", f.File, x.Name)
		}
		if len(x.Deliveries) != 2 || x.Deliveries[0] != x.Date || x.Records == 0 || !x.Delivered {
			t.Errorf("%s: deliveries %v, %d records", x.Name, x.Deliveries, x.Records)
			continue
		}
		again := x.Deliveries[1]
		if !again.Working() || again > w.Settings.To ||
			again != addWorkingDays(x.Date, 1) && again != addWorkingDays(x.Date, 2) && again != addWorkingDays(x.Date, 3) {
			t.Errorf("%s dated %s redelivered %s", x.Name, x.Date, again)
		}
		if f.At.Date() != again || f.At-again.At(0, 0, 0) != headerTime(x.Data) {
			t.Errorf("%s: fault at %s, slot %d", x.Name, f.At, headerTime(x.Data))
		}
	}
	if sides["ESR"] != 3 || sides["DEANERY"] != 3 {
		t.Errorf("duplicates by side %v, want 3 each", sides)
	}
	// Both deliveries hold the same bytes.
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "truth"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := e.writeExchange(context.Background(), dir, func(string, int, int) {}); err != nil {
		t.Fatal(err)
	}
	for _, f := range e.Files {
		if len(f.Deliveries) < 2 {
			continue
		}
		for _, d := range f.Deliveries {
			b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(ExchangePath(d, f.Name))))
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(b, f.Data) {
				t.Errorf("%s on %s differs", f.Name, d)
			}
		}
	}
}

func TestNameChangeToldWithoutFullRecords(t *testing.T) {
	told, reached := 0, 0
	for seed := uint64(1); seed <= 12; seed++ {
		for _, full := range []bool{false, true} {
			w := fullWorld(func(w *World) {
				w.Settings.Seed = seed
				w.Settings.To = MakeDate(2012, time.March, 30)
				w.Settings.Faults.NameChange = 3
				if !full {
					for i := range w.Trusts {
						w.Trusts[i].FullFrom = Never
					}
				}
			})
			e := runWorld(t, w)
			// PER stamps by person: the changes that reached the deanery.
			sent := map[string]bool{}
			for _, recs := range personRecs(t, e) {
				for _, r := range recs {
					if r.Type == "PER" {
						sent[r.Get("esrPersonNumber")+"@"+r.Get("changeTimestamp")] = true
					}
				}
			}
			for _, f := range w.Faults {
				if f.Kind != "NAME_CHANGE" {
					continue
				}
				viaFull := sent[f.EntityID+"@"+tsTime(f.At).Format("20060102150405")]
				if viaFull {
					reached++
				}
				_, when, ok := strings.Cut(f.Detail, "; told to OXF on ")
				if !ok {
					continue
				}
				told++
				if viaFull {
					t.Errorf("seed %d: %s reached OXF by Full Records and was told too", seed, f.EntityID)
				}
				d, err := ParseDate(when)
				if err != nil || d < f.At.Date()+tellMin || d > f.At.Date()+tellMax+2 {
					t.Errorf("seed %d: change on %s told on %s", seed, f.At.Date(), when)
				}
				// The trainee record holds a version of that day with the
				// new surname and the previous one kept.
				found := false
				for _, tr := range w.Trainees {
					for k, r := range tr.Rows {
						if r.At.Date() == d && r.Surname == f.TrueValue && r.PrevSurname == f.RecordedValue &&
							k > 0 && tr.Rows[k-1].Surname == f.RecordedValue && r.At > tr.Rows[k-1].At {
							found = true
						}
					}
				}
				if !found {
					t.Errorf("seed %d: no trainee version on %s with surname %s", seed, when, f.TrueValue)
				}
			}
		}
	}
	if told == 0 || reached == 0 {
		t.Errorf("%d told, %d reached by Full Records: want both", told, reached)
	}
}

func TestUpdateDeterminism(t *testing.T) {
	mod := func(w *World) {
		w.Settings.Faults.DuplicateFile = 4
		w.Settings.Faults.NameChange = 3
	}
	a, b := runWorld(t, fullWorld(mod)), runWorld(t, fullWorld(mod))
	if len(a.Files) != len(b.Files) {
		t.Fatalf("%d files vs %d", len(a.Files), len(b.Files))
	}
	for i := range a.Files {
		x, y := a.Files[i], b.Files[i]
		if x.Name != y.Name || !bytes.Equal(x.Data, y.Data) || !slices.Equal(x.Deliveries, y.Deliveries) {
			t.Fatalf("%s differs", x.Name)
		}
	}
	if !slices.EqualFunc(a.w.Faults, b.w.Faults, func(x, y Fault) bool { return x == y }) {
		t.Error("faults differ")
	}
	for i := range a.w.Trainees {
		if !slices.EqualFunc(a.w.Trainees[i].Rows, b.w.Trainees[i].Rows, func(x, y TraineeRow) bool {
			return x.At == y.At && x.Surname == y.Surname && x.PrevSurname == y.PrevSurname
		}) {
			t.Errorf("trainee %d: versions differ", i)
		}
	}
}

func TestSmallWorldUpdateStream(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a world")
	}
	run := func() *ESR {
		w, err := Build(context.Background(), testSettings(5, 0.005, 2011), testNow, nil)
		if err != nil {
			t.Fatal(err)
		}
		e := NewESR(w)
		if err := w.Run(context.Background(), nil); err != nil {
			t.Fatal(err)
		}
		return e
	}
	a, b := run(), run()
	n := map[string]int{}
	dups := map[string]int{}
	for i, f := range a.Files {
		g := b.Files[i]
		if f.Name != g.Name || !bytes.Equal(f.Data, g.Data) || !slices.Equal(f.Deliveries, g.Deliveries) {
			t.Fatalf("%s differs between two runs", f.Name)
		}
		for _, r := range readAll(t, f) {
			n[r.Type]++
		}
		if len(f.Deliveries) > 1 {
			dups[f.Type]++
		}
	}
	t.Logf("records %v; duplicated %v", n, dups)
	for _, typ := range []string{"PER", "ADD", "ASG", "PBD"} {
		if n[typ] == 0 {
			t.Errorf("no %s record in a world with Full Records pairs", typ)
		}
	}
	total := 0
	for _, k := range dups {
		total += k
	}
	if total != a.w.Settings.Faults.DuplicateFile {
		t.Errorf("%d files duplicated, want %d", total, a.w.Settings.Faults.DuplicateFile)
	}
}
