package exchange

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"deanery/ingest"
	dsql "deanery/sql"
)

// TestStepsRunOnAnEmptyHistory runs every step of the set-based build on a
// warehouse that knows the configuration only: OXF goes live on 3 May and
// has no post, so the history is its go-live DNF, empty, and nothing else.
// The step files build temporary tables in order, so this is also where
// their SQL is checked against the schema.
func TestStepsRunOnAnEmptyHistory(t *testing.T) {
	ctx := context.Background()
	db, _ := dsql.TestWarehouse(t)
	if _, err := ingest.Load(ctx, db, []string{filepath.Join(e2eCases, "config")}, ingest.Options{}); err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	res, err := build(ctx, db, buildSpec{mode: modeReplay, through: time.Date(2011, 5, 10, 0, 0, 0, 0, time.UTC),
		builtAt: time.Date(2024, 1, 2, 0, 0, 0, 0, time.UTC), outDir: out, dayFolders: true})
	if err != nil {
		t.Fatal(err)
	}
	if res.runsN != 6 {
		t.Errorf("%d runs built, want 6 (3 to 10 May, working days)", res.runsN)
	}
	if len(res.passes) != 1 || res.passes[0].Changed != 0 {
		t.Errorf("passes %+v, want one that changes nothing", res.passes)
	}
	var names []string
	for _, f := range res.files {
		names = append(names, f.Name)
		if f.Records != 0 {
			t.Errorf("%s holds %d records, want none", f.Name, f.Records)
		}
	}
	if len(names) != 1 || names[0] != "DE_OXF_DNF_20110503_00000001.DAT" {
		t.Errorf("files %v, want only the go-live DNF", names)
	}
	var runs int
	if err := db.QueryRow(`SELECT count(*) FROM exchange_run WHERE full_notifications = (run_date = DATE '2011-05-03')`).Scan(&runs); err != nil {
		t.Fatal(err)
	}
	if runs != 6 {
		t.Errorf("%d exchange_run rows with the DNF on the go-live day only, want 6", runs)
	}
}
