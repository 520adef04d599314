package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

func TestQualityOnAnEmptyWarehouseCannotRun(t *testing.T) {
	db := filepath.Join(t.TempDir(), "w.duckdb")
	code, _, stderr := runCLI(t, "--db", db, "quality")
	if code != exitUsage || !strings.Contains(stderr, "no staff extract") {
		t.Fatalf("exit %d, stderr %q; want %d and the reason", code, stderr, exitUsage)
	}
}

func TestQualityRejectsThresholdsOutOfOrder(t *testing.T) {
	db := filepath.Join(t.TempDir(), "w.duckdb")
	code, _, stderr := runCLI(t, "--db", db, "quality", "--link-threshold", "0.9", "--review-threshold", "0.5")
	if code != exitUsage || !strings.Contains(stderr, "thresholds") {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
}

// A small world: quality prints every finding, exits 0 or 1 by the fail
// thresholds, and --json gives the same run to machines.
func TestQualityOnASmallWorld(t *testing.T) {
	dir := t.TempDir()
	world := filepath.Join(dir, "world")
	if code, _, stderr := runCLI(t, "--quiet", "world", "generate", "--out", world, "--scale", "0.01", "--to", "2010-12-31"); code != 0 {
		t.Fatalf("generate: exit %d: %s", code, stderr)
	}
	db := filepath.Join(dir, "w.duckdb")
	if code, _, stderr := runCLI(t, "--quiet", "--db", db, "load", world); code != 0 {
		t.Fatalf("load: exit %d: %s", code, stderr)
	}
	code, out, stderr := runCLI(t, "--db", db, "quality")
	if code != exitOK && code != exitFindings {
		t.Fatalf("quality: exit %d: %s", code, stderr)
	}
	for _, want := range []string{"quality run 1", "person linkage", "alignment, 2010Q4", "trainee_ni_valid", "exchange_freshness"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if (code == exitFindings) != strings.Contains(out, "FAIL ALL") {
		t.Errorf("exit %d does not follow the national FAIL lines:\n%s", code, out)
	}
	code2, js, stderr := runCLI(t, "--db", db, "--json", "quality")
	if code2 != code {
		t.Fatalf("--json exit %d, text exit %d: %s", code2, code, stderr)
	}
	var v struct {
		RunID    int64
		Findings []struct{ Rule, Level string }
		Scores   []struct{ Entity string }
	}
	if err := json.Unmarshal([]byte(js), &v); err != nil {
		t.Fatalf("--json: %v\n%s", err, js)
	}
	if v.RunID != 2 || len(v.Findings) == 0 || len(v.Scores) == 0 {
		t.Errorf("--json: run %d, %d findings, %d scores", v.RunID, len(v.Findings), len(v.Scores))
	}
}
