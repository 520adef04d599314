package sim

import (
	"bytes"
	"context"
	"testing"
	"time"
)

// runTinyTo plays the hand-made world up to to.
func runTinyTo(t *testing.T, to Date) *ESR {
	t.Helper()
	w := tinyWorld(0)
	w.Settings.To = to
	e := NewESR(w)
	for d := w.Settings.From; d <= to; d++ {
		if err := w.Hooks.Day(w, d); err != nil {
			t.Fatal(err)
		}
	}
	return e
}

func TestHireOnH(t *testing.T) {
	e := runTinyTo(t, MakeDate(2011, time.September, 30))
	n := 0
	for _, cls := range e.people.claims {
		for _, cl := range cls {
			if cl.kind != claimNew || !cl.hired {
				continue
			}
			n++
			a := &e.people.asgs[cl.asg]
			load := e.Sends[cl.send]
			var apc Date
			for _, f := range e.Files {
				if f.Name == load.AppFile {
					apc = f.Date
				}
			}
			if a.Created.Date() != cl.hireOn || a.Created != cl.hireOn.At(20, 0, 0) {
				t.Errorf("assignment %d created %s, H = %s", a.ID, a.Created, cl.hireOn)
			}
			if cl.hireOn <= apc {
				t.Errorf("assignment %d hired %s, not after the load on %s", a.ID, cl.hireOn, apc)
			}
			if cl.hireOn > cl.start {
				t.Errorf("assignment %d hired %s after the start %s", a.ID, cl.hireOn, cl.start)
			}
		}
	}
	if n == 0 {
		t.Fatal("no interface hire")
	}
}

func TestTransferAtSameVPD(t *testing.T) {
	e := runTinyTo(t, MakeDate(2011, time.September, 30))
	aug := MakeDate(2011, time.August, 3)
	var tr *SendRow
	for i, s := range e.Sends {
		if s.Route == "INTERFACE_TRANSFER" {
			tr = &e.Sends[i]
		}
	}
	if tr == nil {
		t.Fatalf("no transfer among %+v", e.Sends)
	}
	found := false
	for _, a := range e.people.asgs {
		if a.ID != tr.Assignment {
			continue
		}
		found = true
		if len(a.Periods) != 2 {
			t.Fatalf("assignment %d: %d periods, want 2", a.ID, len(a.Periods))
		}
		p1, p2 := a.Periods[0], a.Periods[1]
		if p2.Start != aug || p1.End != aug-1 || p1.EndReason != "TRANSFER" || p2.Seq != 2 {
			t.Errorf("periods %+v / %+v", p1, p2)
		}
	}
	if !found {
		t.Fatal("transfer assignment not found")
	}
	// The APC of the transfer carries no applicant number.
	if tr.Applicant != "" {
		t.Errorf("transfer with applicant %s", tr.Applicant)
	}
}

func TestManualHiresBeforeGoLive(t *testing.T) {
	e := runTinyTo(t, MakeDate(2011, time.June, 30))
	w := e.w
	n := 0
	for _, s := range e.Sends {
		if s.Route != "MANUAL" {
			continue
		}
		tr := e.trustByVPD(s.VPD)
		if s.HireDate < w.Trusts[tr].LiveFrom {
			n++
		}
	}
	if n == 0 {
		t.Fatal("no manual hire before go-live")
	}
}

func TestSTF(t *testing.T) {
	full := runTinyTo(t, MakeDate(2011, time.March, 31))
	f := full.Files[len(full.Files)-1]
	if f.Type != "STF" {
		t.Fatalf("last file %s", f.Name)
	}
	want := 0
	for _, a := range full.people.asgs {
		want += len(a.Periods)
	}
	if recs := readAll(t, f); want == 0 || len(recs) != want {
		t.Errorf("%s: %d records, want every period (%d)", f.Name, len(recs), want)
	}
	e := runTinyTo(t, MakeDate(2011, time.September, 30))
	var stfs []ExFile
	for _, f := range e.Files {
		if f.Type == "STF" {
			stfs = append(stfs, f)
		}
	}
	if len(stfs) != 3 {
		t.Fatalf("%d STF files, want 3 (2011Q1–Q3)", len(stfs))
	}
	for i, f := range stfs {
		recs := readAll(t, f)
		if f.Seq != i+1 {
			t.Errorf("%s: sequence %d", f.Name, f.Seq)
		}
		_ = recs
	}
}

func TestSmallWorldESR(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a world")
	}
	run := func() *ESR {
		s := testSettings(3, 0.005, 2010)
		w, err := Build(context.Background(), s, time.Time{}, nil)
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
	if len(a.Files) != len(b.Files) {
		t.Fatalf("%d files vs %d", len(a.Files), len(b.Files))
	}
	for i := range a.Files {
		if a.Files[i].Name != b.Files[i].Name || !bytes.Equal(a.Files[i].Data, b.Files[i].Data) {
			t.Fatalf("%s differs", a.Files[i].Name)
		}
	}
	routes := map[string]int{}
	for _, s := range a.Sends {
		routes[s.Route]++
	}
	stf := 0
	for _, f := range a.Files {
		if f.Type == "STF" {
			stf += len(readAll(t, f))
		}
	}
	live := 0
	end := a.w.Settings.To
	for _, x := range a.people.asgs {
		if p := x.open(); !x.Cancelled && p.Start <= end && (p.End == 0 || p.End >= end) {
			live++
		}
	}
	t.Logf("persons %d, assignments %d (live at end %d), routes %v, STF records %d, faults %d",
		len(a.people.persons), len(a.people.asgs), live, routes, stf, len(a.w.Faults))
	if routes["MANUAL"] == 0 || routes["INTERFACE_NEW"] == 0 || stf == 0 {
		t.Error("expected manual and interface hires and STF records")
	}
}
