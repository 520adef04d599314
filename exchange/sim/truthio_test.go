package sim

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"testing"
)

// The two truth formats hold the same table: every value of every table
// read back from Parquet is the CSV field of the same world, and the
// Parquet files are byte-identical from one run to the next.
func TestTruthParquetReadsAsCSV(t *testing.T) {
	ctx := context.Background()
	s := testSettings(5, 0.005, 2011)
	dirs := map[TruthFormat]string{}
	for _, f := range []TruthFormat{TruthCSV, TruthParquet, TruthParquet} {
		s.TruthFormat = f
		dir := t.TempDir()
		if _, err := Generate(ctx, s, dir, func(string, int, int) {}); err != nil {
			t.Fatal(err)
		}
		if prev, ok := dirs[f]; ok {
			for _, table := range append(TruthTables(), tableFileTruth) {
				a, _ := os.ReadFile(truthFile(filepath.Join(prev, "truth"), table, f))
				b, _ := os.ReadFile(truthFile(filepath.Join(dir, "truth"), table, f))
				if len(a) == 0 || !bytes.Equal(a, b) {
					t.Errorf("%s.%s: %d and %d bytes, not identical between two runs", table, f, len(a), len(b))
				}
			}
		}
		dirs[f] = dir
	}
	for _, table := range append(TruthTables(), tableFileTruth) {
		read := func(f TruthFormat) (cols []string, rows [][]string) {
			dir := filepath.Join(dirs[f], "truth")
			if got, err := TruthFormatOf(dir, table); err != nil || got != f {
				t.Fatalf("%s: format %q, %v; want %s", table, got, err, f)
			}
			err := ReadTruth(ctx, dir, table, func(c, r []string) error {
				cols = c
				rows = append(rows, slices.Clone(r))
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			return cols, rows
		}
		cc, cr := read(TruthCSV)
		pc, pr := read(TruthParquet)
		if len(pr) > 0 && !slices.Equal(cc, pc) {
			t.Errorf("%s: columns %v in CSV, %v in Parquet", table, cc, pc)
		}
		if len(cr) != len(pr) {
			t.Errorf("%s: %d rows in CSV, %d in Parquet", table, len(cr), len(pr))
			continue
		}
		if len(cr) == 0 && table != TableExpectedQuarantine {
			t.Errorf("%s: no rows", table)
		}
		bad := 0
		for i := range cr {
			if !slices.Equal(cr[i], pr[i]) && bad < 3 {
				bad++
				t.Errorf("%s row %d: CSV %q, Parquet %q", table, i+1, cr[i], pr[i])
			}
		}
	}
}

// A row group of unique values outgrows any default dictionary limit; the
// writer must still give the same bytes every time (its footer lists a
// fallen-back chunk's page encodings in map order).
func TestTruthParquetLargeRowGroupIsDeterministic(t *testing.T) {
	var prev []byte
	for i := range 6 {
		path := filepath.Join(t.TempDir(), "record_identity.parquet")
		w, err := newParquetWriter(path, truthHeaders[TableRecordIdentity])
		if err != nil {
			t.Fatal(err)
		}
		for n := range 200000 {
			id := strconv.Itoa(n)
			if err := w.row(id, "DEANERY", "record-"+id+"-with-a-long-unique-suffix", "OXF", "2010-01-01"); err != nil {
				t.Fatal(err)
			}
		}
		if err := w.close(); err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if i > 0 && !bytes.Equal(b, prev) {
			t.Fatalf("write %d: %d bytes, not those of the first write (%d bytes)", i+1, len(b), len(prev))
		}
		prev = b
	}
}
