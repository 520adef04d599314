package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"deanery/reports/tabular"
	dsql "deanery/sql"
)

// TestExchangeFiguresEqualTheTruth generates a small world, replays its
// exchanges through the hub, and requires every per-deanery, per-quarter
// figure of the five exchange tables of 10.5 to equal the truth's.
func TestExchangeFiguresEqualTheTruth(t *testing.T) {
	if testing.Short() {
		t.Skip("replays a world's exchanges")
	}
	dir := t.TempDir()
	world := filepath.Join(dir, "world")
	if code, _, stderr := runCLI(t, "--quiet", "world", "generate", "--out", world, "--scale", "0.01", "--to", "2010-06-30"); code != 0 {
		t.Fatalf("generate: exit %d: %s", code, stderr)
	}
	db := filepath.Join(dir, "replay.duckdb")
	code, out, stderr := runCLI(t, "--quiet", "--db", db, "exchange", "run", "--world", world, "--out", filepath.Join(dir, "hub"), "--show", "0")
	if code != 0 && code != exitFindings {
		t.Fatalf("exchange run: exit %d: %s", code, stderr)
	}
	t.Log(strings.TrimSpace(out))

	code, out, stderr = runCLI(t, "--db", db, "world", "check", "--exchange", world)
	t.Log("\n" + out)
	if code != 0 && code != exitFindings {
		t.Fatalf("world check --exchange: exit %d: %s", code, stderr)
	}

	ctx := context.Background()
	w, err := dsql.Open(ctx, db, dsql.ReadOnly)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	conn, err := truthSession(ctx, w, filepath.Join(world, "truth"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	cs, err := compareExchange(ctx, conn)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cs {
		differing := 0
		for _, r := range c.Rows.Rows {
			for _, p := range figurePairs(c.Rows) {
				if r[p[0]] == r[p[1]] {
					continue
				}
				differing++
				key := cell(c.Rows, r, "deanery_code") + "/" + cell(c.Rows, r, "quarter")
				t.Errorf("%s %s %s: %s, truth %s (row %s)", c.Name, key, c.Rows.Columns[p[0]], r[p[0]], r[p[1]], strings.Join(r, " "))
			}
		}
		t.Logf("%s: %d rows, %d figures differ", c.Name, len(c.Rows.Rows), differing)
	}
}

func cell(t *tabular.Table, r []string, col string) string {
	for i, c := range t.Columns {
		if c == col {
			return r[i]
		}
	}
	return ""
}
