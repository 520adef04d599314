package extract

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite the golden files of testdata/golden")

// goldenResult is what a reader makes of one file, as JSON for review.
type goldenResult struct {
	Profile string       `json:"profile"`
	Entity  Entity       `json:"entity"`
	Columns []string     `json:"columns"`
	Rows    []goldenRow  `json:"rows"`
	Rejects []Reject     `json:"rejects"`
	Error   *goldenError `json:"error,omitempty"`
}

type goldenRow struct {
	Line   int      `json:"line"`
	Values []string `json:"values"`
	Flags  []Flag   `json:"flags,omitempty"`
}

type goldenError struct {
	Code    string `json:"code"`
	Line    int    `json:"line"`
	Message string `json:"message"`
}

// TestGolden reads each file of testdata/extracts (good rows and bad ones
// of both suppliers) and compares the result with testdata/golden.
func TestGolden(t *testing.T) {
	files, err := filepath.Glob("testdata/extracts/*")
	if err != nil || len(files) == 0 {
		t.Fatalf("no test files: %v", err)
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			got := readGolden(t, f)
			path := filepath.Join("testdata/golden", filepath.Base(f)+".json")
			if *update {
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			if diff := cmp.Diff(string(want), string(got)); diff != "" {
				t.Errorf("%s differs (-want +got):\n%s", path, diff)
			}
		})
	}
}

func readGolden(t *testing.T, path string) []byte {
	t.Helper()
	fi, ok := ParseName(filepath.Base(path))
	if !ok {
		t.Fatalf("%s: not an extract name", path)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	res := goldenResult{Profile: fi.Profile.Name(), Entity: fi.Entity, Rows: []goldenRow{}, Rejects: []Reject{}}
	for _, c := range Columns(fi.Entity) {
		res.Columns = append(res.Columns, c.Name)
	}
	rows, rejects, err := NewReader(fi.Profile, fi.Entity, filepath.Base(path), bytes.NewReader(data)).ReadAll()
	for _, r := range rows {
		res.Rows = append(res.Rows, goldenRow{Line: r.Line, Values: r.Values, Flags: r.Flags})
	}
	res.Rejects = append(res.Rejects, rejects...)
	var fe *FileError
	switch {
	case errors.As(err, &fe):
		res.Error = &goldenError{Code: fe.Code, Line: fe.Line, Message: fe.Message}
	case err != nil:
		t.Fatal(err)
	}
	out, err := json.MarshalIndent(res, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return append(out, '\n')
}
