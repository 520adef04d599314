package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"

	dsql "deanery/sql"
)

// knownWorldDifferences counts the differences from the world's files: the
// world's reference exporter follows the domain text, so none is tolerated.
const knownWorldDifferences = `SELECT count(*) FROM exchange_difference`

// TestExchangeRunAgreesWithTheWorld replays a small generated world and
// requires the hub's APP, DNC and DNF files to agree with the world's
// record for record.
func TestExchangeRunAgreesWithTheWorld(t *testing.T) {
	if testing.Short() {
		t.Skip("replays a year of a world")
	}
	dir := t.TempDir()
	world := filepath.Join(dir, "world")
	var out, errs bytes.Buffer
	if code := run([]string{"deanery", "-q", "world", "generate", "--out", world, "--scale", "0.01", "--to", "2011-01-31"},
		nil, &out, &errs); code != 0 {
		t.Fatalf("world generate: exit %d: %s", code, errs.String())
	}
	db := filepath.Join(dir, "replay.duckdb")
	out.Reset()
	errs.Reset()
	code := run([]string{"deanery", "-q", "--db", db, "exchange", "run", "--world", world, "--out", filepath.Join(dir, "hub"), "--show", "0"},
		nil, &out, &errs)
	if code != 0 && code != exitFindings {
		t.Fatalf("exchange run: exit %d: %s", code, errs.String())
	}
	if !strings.Contains(out.String(), "days played") {
		t.Fatalf("exchange run printed no summary: %s", out.String())
	}
	w, err := dsql.Open(context.Background(), db, dsql.ReadOnly)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	var files, unexplained int
	if err := w.QueryRow(`SELECT count(*) FROM app_send`).Scan(&files); err != nil || files == 0 {
		t.Fatalf("no APP record sent (%v)", err)
	}
	if err := w.QueryRow(knownWorldDifferences).Scan(&unexplained); err != nil {
		t.Fatal(err)
	}
	if unexplained > 0 {
		rows, _ := w.Query(`SELECT run_date, file_name, ordinal, field, kind, expected, actual FROM exchange_difference ORDER BY ALL LIMIT 20`)
		defer rows.Close()
		for rows.Next() {
			var date, file, kind string
			var ord *int
			var field, exp, act *string
			rows.Scan(&date, &file, &ord, &field, &kind, &exp, &act)
			t.Logf("%s %s %v %v %s %v %v", date, file, deref(ord), sderef(field), kind, sderef(exp), sderef(act))
		}
		t.Fatalf("%d differences from the world's files; %s", unexplained, out.String())
	}
}

func deref(p *int) int {
	if p == nil {
		return 0
	}
	return *p
}

func sderef(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}
