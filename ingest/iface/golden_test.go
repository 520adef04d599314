package iface

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"testing"
)

// TestExamples parses each example file of domain 7.11 and compares the
// records with the golden output.
func TestExamples(t *testing.T) {
	paths, err := filepath.Glob(filepath.Join("testdata", "examples", "*.DAT"))
	if err != nil || len(paths) == 0 {
		t.Fatalf("no examples: %v", err)
	}
	for _, path := range paths {
		base := filepath.Base(path)
		t.Run(base, func(t *testing.T) {
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			r, recs, err := readString(t, base, string(data))
			if r == nil {
				t.Fatalf("NewReader: %v", err)
			}
			if err != nil {
				t.Errorf("ReadAll: %v", err)
			}
			checkGolden(t, base, toGolden(r, recs, err))
		})
	}
}

// TestExamplesRewrite writes the parsed records of each example back and
// wants the file byte for byte: the examples are in the writer's encoding.
func TestExamplesRewrite(t *testing.T) {
	paths, _ := filepath.Glob(filepath.Join("testdata", "examples", "*.DAT"))
	for _, path := range paths {
		base := filepath.Base(path)
		t.Run(base, func(t *testing.T) {
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			r, recs, err := readString(t, base, string(data))
			if err != nil {
				t.Fatal(err)
			}
			var buf bytes.Buffer
			w := NewWriter(&buf, r.Name(), r.Header())
			for _, rec := range recs {
				if _, err := w.Write(rec.Type, rec.Values); err != nil {
					t.Fatalf("line %d: %v", rec.Line, err)
				}
			}
			if err := w.Close(); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(buf.Bytes(), data) {
				t.Errorf("rewritten file differs:\n got: %s\nwant: %s", buf.Bytes(), data)
			}
		})
	}
}

var _ = io.EOF
