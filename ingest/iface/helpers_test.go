package iface

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/golden")

// readString reads a whole file given as text; it fails the test on a
// NewReader error only when wantOpen is set.
func readString(t testing.TB, name, text string) (*Reader, []Record, error) {
	t.Helper()
	r, err := NewReader(name, strings.NewReader(text))
	if err != nil {
		return nil, nil, err
	}
	recs, err := r.ReadAll()
	return r, recs, err
}

// lines joins lines with LF, ending with one.
func lines(ls ...string) string { return strings.Join(ls, "\n") + "\n" }

// fileCode returns the code of a *FileError, "" for nil, or the error text.
func fileCode(err error) string {
	if err == nil {
		return ""
	}
	var fe *FileError
	if errors.As(err, &fe) {
		return fe.Code
	}
	return "not a FileError: " + err.Error()
}

// goldenRecord is the JSON form of a record in golden files: values keyed
// by position and name so that they sort in field order and read easily.
type goldenRecord struct {
	Line    int               `json:"line"`
	Ordinal int               `json:"ordinal"`
	Type    string            `json:"type"`
	Values  map[string]string `json:"values,omitempty"`
	Flags   []Flag            `json:"flags,omitempty"`
	Reject  *Reject           `json:"reject,omitempty"`
}

type goldenFile struct {
	Header   Header         `json:"header"`
	Records  []goldenRecord `json:"records"`
	Error    string         `json:"error,omitempty"`
	Summary  map[string]any `json:"summary"`
	Warnings []Warning      `json:"warnings,omitempty"`
}

func toGolden(r *Reader, recs []Record, err error) goldenFile {
	g := goldenFile{Header: r.Header()}
	if err != nil {
		g.Error = err.Error()
	}
	for _, rec := range recs {
		gr := goldenRecord{Line: rec.Line, Ordinal: rec.Ordinal, Type: rec.Type, Flags: rec.Flags, Reject: rec.Reject}
		if l := rec.Layout(); l != nil && rec.Values != nil {
			gr.Values = map[string]string{}
			for i, v := range rec.Values {
				if v != "" {
					gr.Values[fmt.Sprintf("%02d %s", i+1, l.Fields[i].Name)] = v
				}
			}
		}
		g.Records = append(g.Records, gr)
	}
	s := r.Summary()
	g.Summary = map[string]any{"records": s.Records, "rejected": s.Rejected, "flagged": s.Flagged,
		"trailer": s.Trailer, "by_type": s.ByType, "lines": s.Lines}
	g.Warnings = s.Warnings
	return g
}

// checkGolden compares got, as indented JSON, with testdata/golden/<name>.json,
// rewriting it under -update.
func checkGolden(t *testing.T, name string, got any) {
	t.Helper()
	b, err := json.MarshalIndent(got, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	b = append(b, '\n')
	path := filepath.Join("testdata", "golden", name+".json")
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, b, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(b, want) {
		t.Errorf("%s differs from the golden file; got:\n%s", path, b)
	}
}
