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
