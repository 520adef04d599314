package main

// End-to-end cases of the exchange hub: like TestEndToEnd (same cmd,
// queries.sql and want/ conventions, same -update flag), and in addition
// every file the commands wrote under $OUT is compared byte for byte with
// want/out/, so that each case shows the APP, DNC and DNF files the hub
// sent next to the ESR files it was given. Cases live one per folder under
// testdata/exchange-e2e; a folder without a cmd file (the shared
// configuration, the generator) is not a case. The inputs are written by
// testdata/exchange-e2e/gen/main.go.
//
// go test -tags=duckdb_arrow ./cmd/deanery -run TestExchangeEndToEnd -update

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

const exchangeCaseRoot = "../../testdata/exchange-e2e"

func TestExchangeEndToEnd(t *testing.T) {
	entries, err := os.ReadDir(exchangeCaseRoot)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range entries {
		dir := filepath.Join(exchangeCaseRoot, e.Name())
		if _, err := os.Stat(filepath.Join(dir, "cmd")); !e.IsDir() || err != nil {
			continue
		}
		n++
		t.Run(e.Name(), func(t *testing.T) {
			t.Parallel()
			runExchangeCase(t, dir)
		})
	}
	if n == 0 {
		t.Fatalf("no cases under %s", exchangeCaseRoot)
	}
}

func runExchangeCase(t *testing.T, caseDir string) {
	dir, err := filepath.Abs(caseDir)
	if err != nil {
		t.Fatal(err)
	}
	lines, err := readLines(filepath.Join(dir, "cmd"))
	if err != nil {
		t.Fatal(err)
	}
	tmp := t.TempDir()
	out := filepath.Join(tmp, "out")
	vars := map[string]string{"DB": filepath.Join(tmp, "warehouse.duckdb"), "CASE": dir, "TMP": tmp, "OUT": out}
	var stdout, stderr, exits strings.Builder
	for _, line := range lines {
		args, err := splitArgs(line)
		if err != nil {
			t.Fatalf("cmd: %q: %v", line, err)
		}
		for i := range args {
			args[i] = os.Expand(args[i], func(k string) string {
				if v, ok := vars[k]; ok {
					return v
				}
				t.Fatalf("cmd: %q: unknown variable $%s", line, k)
				return ""
			})
		}
		res := deanery(t, dir, args...)
		fmt.Fprintf(&stdout, "$ deanery %s\n%s", line, withNewline(res.stdout))
		fmt.Fprintf(&stderr, "$ deanery %s\n%s", line, withNewline(res.stderr))
		fmt.Fprintf(&exits, "%d\t%s\n", res.code, line)
	}
	scrubVars := func(s string) string {
		s = strings.ReplaceAll(s, out, "$OUT")
		return scrub(s, vars)
	}
	got := map[string]string{"stdout.txt": stdout.String(), "stderr.txt": stderr.String(), "exit.txt": exits.String()}
	if queries, err := readQueries(filepath.Join(dir, "queries.sql")); err == nil {
		got["tables.txt"] = tables(t, dir, vars["DB"], queries)
	} else if !errors.Is(err, os.ErrNotExist) {
		t.Fatal(err)
	}
	for name, text := range got {
		checkGolden(t, filepath.Join(dir, "want", name), scrubVars(text))
	}
	checkOutTree(t, out, filepath.Join(dir, "want", "out"))
}

// checkOutTree compares the files written under out with those under want,
// by relative path and content.
func checkOutTree(t *testing.T, out, want string) {
	t.Helper()
	gotFiles, wantFiles := treeFiles(t, out), treeFiles(t, want)
	if *update {
		if err := os.RemoveAll(want); err != nil {
			t.Fatal(err)
		}
		for rel, data := range gotFiles {
			p := filepath.Join(want, rel)
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		return
	}
	var names []string
	for rel := range gotFiles {
		names = append(names, rel)
	}
	for rel := range wantFiles {
		if _, ok := gotFiles[rel]; !ok {
			names = append(names, rel)
		}
	}
	sort.Strings(names)
	for _, rel := range names {
		g, gok := gotFiles[rel]
		w, wok := wantFiles[rel]
		switch {
		case !wok:
			t.Errorf("written but not expected: %s (run with -update to accept it)", rel)
		case !gok:
			t.Errorf("expected but not written: %s", rel)
		case g != w:
			t.Errorf("%s differs:\nwant:\n%sgot:\n%s", rel, w, g)
		}
	}
}

// treeFiles reads every regular file under root, by slash-separated
// relative path; a missing root holds none.
func treeFiles(t *testing.T, root string) map[string]string {
	t.Helper()
	files := map[string]string{}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) && p == root {
				return filepath.SkipDir
			}
			return err
		}
		if !d.Type().IsRegular() {
			return nil
		}
		rel, err := filepath.Rel(root, p)
		if err != nil {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		files[filepath.ToSlash(rel)] = string(data)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}
