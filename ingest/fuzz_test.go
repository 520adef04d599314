package ingest_test

import (
	"context"
	stdsql "database/sql"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"

	"deanery/ingest"
	dsql "deanery/sql"
)

// fuzzSeedDirs hold real files of every kind: the examples of domain 7.11,
// the readers' extract fixtures and the hand-made sample (every record
// type, both supplier layouts, bad records and broken files).
var fuzzSeedDirs = []string{"iface/testdata/examples", "extract/testdata/extracts", "../testdata/sample"}

// fuzzSeeds returns the seed files, and the sorted names a fuzzed file
// may take: every seed's name, and two the loader must refuse or skip.
func fuzzSeeds(tb testing.TB) (paths, names []string) {
	seen := map[string]bool{"DE_OXF_APP_2011050_00000089.DAT": true, "notes.txt": true}
	for _, dir := range fuzzSeedDirs {
		err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || strings.HasSuffix(p, ".md") || strings.HasSuffix(p, ".go") {
				return err
			}
			paths = append(paths, p)
			seen[d.Name()] = true
			return nil
		})
		if err != nil {
			tb.Fatal(err)
		}
	}
	for n := range seen {
		names = append(names, n)
	}
	sort.Strings(names)
	return paths, names
}

// lineLevel are the reject codes about a whole line, which name no field.
var lineLevel = map[string]bool{"FIELD_COUNT": true, "BAD_QUOTE": true, "RECORD_TYPE": true, "BAD_TRAILER": true}

// fuzzWarehouse is one in-memory warehouse per fuzzing process, emptied
// after each input.
var fuzzWarehouse = sync.OnceValues(func() (*stdsql.DB, error) {
	return dsql.Open(context.Background(), "", dsql.ReadWrite)
})

// FuzzLoad loads any bytes, under the name of a real file of any kind,
// through the loader into a real (in-memory) warehouse. Whatever the
// bytes: the load does not fail (a bad file is a finding, never an
// error); a file rejected whole names itself in its reason and leaves no
// row but its source_file row; every rejected record names its file, line
// and (unless the fault is the whole line) field, with its code, message
// and raw text; and the records read are the rows written plus the rows
// rejected.
func FuzzLoad(f *testing.F) {
	paths, names := fuzzSeeds(f)
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(uint8(sort.SearchStrings(names, filepath.Base(p))), data)
	}
	f.Fuzz(func(t *testing.T, which uint8, data []byte) {
		db, err := fuzzWarehouse()
		if err != nil {
			t.Fatal(err)
		}
		name := names[int(which)%len(names)]
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
		res, err := ingest.Load(context.Background(), db, []string{dir}, ingest.Options{})
		if err != nil {
			t.Fatalf("load of %s failed: %v", name, err)
		}
		defer emptyWarehouse(t, db, res)
		if len(res.Files) == 0 {
			return // not the loader's: skipped
		}
		fr := res.Files[0]
		checkFileResult(t, db, name, fr)
	})
}

func checkFileResult(t *testing.T, db *stdsql.DB, name string, fr ingest.FileResult) {
	t.Helper()
	held := map[string]int{}
	for table, n := range rowsOfFile(t, db, name) {
		if fr.Status == ingest.StatusRejected && n > 0 {
			t.Fatalf("%s rejected whole (%s) left %d rows in %s", name, fr.ReasonCode, n, table)
		}
		if table != "rejected_record" && table != "value_flag" {
			held[table] = n
		}
	}
	rows := 0
	for table, n := range fr.ByTable {
		got, ok := held[table]
		if !ok { // a configuration table, which the file replaces whole
			if err := db.QueryRow(`SELECT count(*) FROM ` + table).Scan(&got); err != nil {
				t.Fatal(err)
			}
		}
		if got != n {
			t.Fatalf("%s: %s holds %d rows of it, the load says %d", name, table, got, n)
		}
		rows += n
		delete(held, table)
	}
	for table, n := range held {
		if n > 0 {
			t.Fatalf("%s: %s holds %d rows of it, the load says none", name, table, n)
		}
	}
	switch fr.Status {
	case ingest.StatusRejected:
		if fr.ReasonCode == "" || !strings.HasPrefix(fr.Reason, name) {
			t.Fatalf("whole-file rejection %q %q does not name the file %s", fr.ReasonCode, fr.Reason, name)
		}
		return
	case ingest.StatusLoaded:
	default:
		t.Fatalf("%s: status %s", name, fr.Status)
	}
	q, err := db.Query(`SELECT line_number, coalesce(field, ''), reason_code, message, coalesce(raw_text, '') FROM rejected_record WHERE file_name = ?`, name)
	if err != nil {
		t.Fatal(err)
	}
	defer q.Close()
	rejected := 0
	for q.Next() {
		var line int
		var field, code, msg, raw string
		if err := q.Scan(&line, &field, &code, &msg, &raw); err != nil {
			t.Fatal(err)
		}
		rejected++
		switch {
		case line < 1 || code == "" || msg == "":
			t.Fatalf("%s: reject without line, code or message: line %d %q %q", name, line, code, msg)
		case field == "" && !lineLevel[code]:
			t.Fatalf("%s:%d: %s reject names no field: %s", name, line, code, msg)
		case raw == "":
			t.Fatalf("%s:%d: %s reject keeps no raw text", name, line, code)
		}
	}
	if err := q.Err(); err != nil {
		t.Fatal(err)
	}
	if rejected != fr.Rejected || rows+rejected != fr.Records {
		t.Fatalf("%s: %d records read, %d rows written and %d rejected (the load says %d rejected)", name, fr.Records, rows, rejected, fr.Rejected)
	}
}

var fileCounts struct {
	sync.Once
	query string
}

// rowsOfFile counts the rows of the named file in every table that keeps a
// file_name, source_file left out, in one query.
func rowsOfFile(t *testing.T, db *stdsql.DB, name string) map[string]int {
	fileCounts.Do(func() {
		rows, err := db.Query(`SELECT table_name FROM duckdb_columns() WHERE column_name = 'file_name' AND schema_name = 'main'
			AND table_name IN (SELECT table_name FROM duckdb_tables()) AND table_name <> 'source_file' ORDER BY 1`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var parts []string
		for rows.Next() {
			var n string
			rows.Scan(&n)
			parts = append(parts, `SELECT '`+n+`', count(*) FROM `+n+` WHERE file_name = $1`)
		}
		fileCounts.query = strings.Join(parts, " UNION ALL ")
	})
	rows, err := db.Query(fileCounts.query, name)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	counts := map[string]int{}
	for rows.Next() {
		var table string
		var n int
		if err := rows.Scan(&table, &n); err != nil {
			t.Fatal(err)
		}
		counts[table] = n
	}
	return counts
}

// emptyWarehouse deletes what a load wrote, so that the next input is not
// a replay and the warehouse stays small.
func emptyWarehouse(t *testing.T, db *stdsql.DB, res *ingest.Result) {
	tables := []string{"load_run", "source_file", "rejected_record", "value_flag", "sequence_gap"}
	for table, n := range res.Tables {
		if n > 0 {
			tables = append(tables, table)
		}
	}
	for _, table := range tables {
		if _, err := db.Exec(`DELETE FROM ` + table); err != nil {
			t.Fatal(err)
		}
	}
}
