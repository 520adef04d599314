package sim

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"deanery/ingest/extract"
)

// TestExtractsReadBack reads every extract with the ingest reader: no row
// is rejected, and every flag on a row is one the faults predict (an
// invalid NI number, a GMC placeholder, a postcode with a comma).
func TestExtractsReadBack(t *testing.T) {
	s := testSettings(3, 0.02, 2013)
	s.From = MakeDate(2012, 1, 1)
	w := buildWorld(t, s)
	dir := t.TempDir()
	if _, err := w.Write(context.Background(), dir, nil); err != nil {
		t.Fatal(err)
	}
	// Trainee ids with a fault in a field, by deanery.
	faulty := map[string]map[string]bool{} // record id → fields
	for i := range w.Faults {
		f := &w.Faults[i]
		if f.EntityType != "TRAINEE" {
			continue
		}
		id := w.FaultEntityID(f)
		if faulty[id] == nil {
			faulty[id] = map[string]bool{}
		}
		faulty[id][f.Field] = true
	}
	rows, flagged := 0, 0
	for _, d := range w.Deaneries {
		prof, _ := extract.ProfileByName(string(d.System))
		entries, err := os.ReadDir(filepath.Join(dir, "deanery", d.Code))
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			fi, ok := prof.ParseName(e.Name())
			if !ok {
				t.Fatalf("%s: not an extract name", e.Name())
			}
			f, err := os.Open(filepath.Join(dir, "deanery", d.Code, e.Name()))
			if err != nil {
				t.Fatal(err)
			}
			rd := extract.NewReader(prof, fi.Entity, e.Name(), f)
			got, rejects, err := rd.ReadAll()
			f.Close()
			if err != nil {
				t.Fatalf("%s: %v", e.Name(), err)
			}
			for _, r := range rejects {
				t.Errorf("%s: rejected: %v", e.Name(), r.Error())
			}
			rows += len(got)
			for _, r := range got {
				if len(r.Flags) == 0 {
					continue
				}
				flagged++
				if fi.Entity != extract.Trainee {
					t.Errorf("%s line %d: flags %v", e.Name(), r.Line, r.Flags)
					continue
				}
				id := r.Values[extract.ColumnIndex(extract.Trainee, "trainee_id")]
				for _, fl := range r.Flags {
					field := fl.Field
					if faulty[id][field] || (field == "postcode" && faulty[id]["address"]) {
						continue
					}
					t.Errorf("%s line %d: flag %s on %s of %s that no fault predicts", e.Name(), r.Line, fl.Code, field, id)
				}
			}
		}
	}
	if rows == 0 || flagged == 0 {
		t.Errorf("%d rows, %d flagged", rows, flagged)
	}
}

// TestExtractOrderAndOpening checks the change-log shape: rows of a file
// in (modified_at, id) order, and the first quarter's file opening with
// every row that existed before the world's first day, once.
func TestExtractOrderAndOpening(t *testing.T) {
	s := testSettings(4, 0.01, 2010)
	w := buildWorld(t, s)
	dir := t.TempDir()
	if _, err := w.Write(context.Background(), dir, nil); err != nil {
		t.Fatal(err)
	}
	start := s.From.At(0, 0, 0)
	for di, d := range w.Deaneries {
		prof, _ := extract.ProfileByName(string(d.System))
		preexisting := 0
		for i := range w.Placements {
			if int(w.Placements[i].deanery) == di && w.Placements[i].Created < start {
				preexisting++
			}
		}
		name := prof.FileName(d.Code, extract.Placement, s.From.Quarter().String())
		f, err := os.Open(filepath.Join(dir, "deanery", d.Code, name))
		if err != nil {
			t.Fatal(err)
		}
		rows, _, err := extract.NewReader(prof, extract.Placement, name, f).ReadAll()
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		mod, id := extract.ColumnIndex(extract.Placement, "modified_at"), extract.ColumnIndex(extract.Placement, "placement_id")
		before, seen := 0, map[string]bool{}
		for i, r := range rows {
			if i > 0 {
				p := rows[i-1].Values
				if p[mod] > r.Values[mod] || p[mod] == r.Values[mod] && p[id] > r.Values[id] {
					t.Errorf("%s line %d: out of (modified_at, id) order", name, r.Line)
				}
			}
			if r.Values[mod] < s.From.String() {
				before++
				if seen[r.Values[id]] {
					t.Errorf("%s: pre-existing %s opens the file twice", name, r.Values[id])
				}
				seen[r.Values[id]] = true
			}
		}
		if before != preexisting {
			t.Errorf("%s: %d opening rows, want %d pre-existing placements", name, before, preexisting)
		}
	}
	// Faults of the deanery side are located in the extracts.
	for _, f := range w.Faults {
		if f.Side == "DEANERY" && f.At <= s.To.At(23, 59, 59) && (f.File == "" || f.Line < 2) {
			t.Errorf("fault %d %s not located in an extract", f.ID, f.Kind)
		}
	}
}
