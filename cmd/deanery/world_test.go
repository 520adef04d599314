package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// runCLI runs the app in-process and returns its exit code and output.
func runCLI(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := run(append([]string{"deanery"}, args...), strings.NewReader(""), &out, &errOut)
	return code, out.String(), errOut.String()
}

// A small world loads, and every figure the check prints equals the
// truth's; with truth/ deleted the same load holds the same data, because
// the pipeline never reads the truth.
func TestWorldLoadsAndMatchesTruth(t *testing.T) {
	dir := t.TempDir()
	world := filepath.Join(dir, "world")
	code, _, stderr := runCLI(t, "--quiet", "world", "generate", "--out", world, "--scale", "0.01", "--to", "2011-03-31")
	if code != 0 {
		t.Fatalf("generate: exit %d: %s", code, stderr)
	}
	db := filepath.Join(dir, "a.duckdb")
	if code, _, stderr := runCLI(t, "--quiet", "--db", db, "load", world); code != 0 {
		t.Fatalf("load: exit %d: %s", code, stderr)
	}
	code, out, stderr := runCLI(t, "--db", db, "world", "check", world)
	t.Log(out)
	if code != 0 {
		t.Fatalf("check: exit %d: %s", code, stderr)
	}
	if !strings.Contains(out, "Every figure equals the truth's.") {
		t.Errorf("check output lacks its verdict:\n%s", out)
	}

	if err := os.RemoveAll(filepath.Join(world, "truth")); err != nil {
		t.Fatal(err)
	}
	db2 := filepath.Join(dir, "b.duckdb")
	if code, _, stderr := runCLI(t, "--quiet", "--db", db2, "load", world); code != 0 {
		t.Fatalf("load without truth: exit %d: %s", code, stderr)
	}
	q := "SELECT (SELECT count(*) FROM trainee_version) || '/' || (SELECT count(*) FROM placement_version) || '/' || (SELECT count(*) FROM post_version)"
	_, a, _ := runCLI(t, "--db", db, "query", "--format", "csv", q)
	_, b, _ := runCLI(t, "--db", db2, "query", "--format", "csv", q)
	if a != b {
		t.Errorf("with truth: %q, without: %q", a, b)
	}
}
