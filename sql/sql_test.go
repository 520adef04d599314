package sql

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"deanery/exchange/sim"
)

var update = flag.Bool("update", false, "rewrite docs/schema.md")

func TestMigrationsApplyAndRecordVersions(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "w.duckdb")
	db, err := Open(ctx, path, ReadWrite)
	if err != nil {
		t.Fatal(err)
	}
	st, err := ReadStatus(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	ms, _ := Migrations()
	if st.Version != len(ms) || st.Dirty {
		t.Fatalf("status = %+v, want version %d clean", st, len(ms))
	}
	db.Close()
	// A second open applies nothing and succeeds.
	db, err = Open(ctx, path, ReadWrite)
	if err != nil {
		t.Fatal(err)
	}
	var n int
	if err := db.QueryRow(`SELECT count(*) FROM schema_version`).Scan(&n); err != nil || n != len(ms) {
		t.Fatalf("schema_version rows = %d, %v; want %d", n, err, len(ms))
	}
	db.Close()
	ro, err := Open(ctx, path, ReadOnly)
	if err != nil {
		t.Fatalf("read-only open: %v", err)
	}
	if _, err := ro.Exec(`CREATE TABLE x (a INT)`); err == nil {
		t.Fatal("read-only warehouse accepted a write")
	}
	ro.Close()
}

func TestFailedMigrationLeavesWarehouseDirty(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "w.duckdb")
	db, err := Open(ctx, path, ReadWrite)
	if err != nil {
		t.Fatal(err)
	}
	ms, _ := Migrations()
	bad := append(ms, Migration{Version: len(ms) + 1, Name: "broken", SQL: "CREATE TABLE half (a INT); SELECT * FROM no_such_table;"})
	err = migrate(ctx, db, bad)
	if err == nil || !strings.Contains(err.Error(), "marked dirty") {
		t.Fatalf("migrate with a broken migration: %v", err)
	}
	var half int
	db.QueryRow(`SELECT count(*) FROM duckdb_tables() WHERE table_name = 'half'`).Scan(&half)
	if half != 0 {
		t.Error("the failed migration's first statement was not rolled back")
	}
	db.Close()
	_, err = Open(ctx, path, ReadWrite)
	if !errors.Is(err, ErrDirty) {
		t.Fatalf("reopen after failed migration: %v, want ErrDirty", err)
	}
	_, err = Open(ctx, path, ReadOnly)
	if !errors.Is(err, ErrDirty) {
		t.Fatalf("read-only reopen after failed migration: %v, want ErrDirty", err)
	}
}

func TestMisnamedMigrationIsAnError(t *testing.T) {
	cases := map[string]fstest.MapFS{
		"bad name": {"m/0001_ok.sql": {}, "m/2_bad.sql": {}},
		"gap":      {"m/0001_ok.sql": {}, "m/0003_gap.sql": {}},
		"not sql":  {"m/0001_ok.sql": {}, "m/0002_x.txt": {}},
	}
	for name, fsys := range cases {
		t.Run(name, func(t *testing.T) {
			if _, err := readMigrations(fsys, "m"); err == nil {
				t.Fatal("no error")
			}
		})
	}
}

func TestReadOnlyOpenOfFreshFileRefuses(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "w.duckdb")
	// A DuckDB file created by someone else, never migrated.
	db, err := Open(ctx, "", ReadWrite)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`ATTACH '` + path + `' AS other; CREATE TABLE other.t (a INT); DETACH other`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	if _, err := Open(ctx, path, ReadOnly); !errors.Is(err, ErrNotMigrated) {
		t.Fatalf("read-only open of an unmigrated file: %v, want ErrNotMigrated", err)
	}
}

func TestEveryTableAndColumnIsDocumented(t *testing.T) {
	ctx := context.Background()
	db, err := Open(ctx, "", ReadWrite)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rels, err := relations(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rels {
		if r.comment == "" {
			t.Errorf("%s %s has no COMMENT ON text", r.kind, r.name)
		}
		for _, c := range r.columns {
			if c.comment == "" {
				t.Errorf("%s.%s has no COMMENT ON text", r.name, c.name)
			}
		}
	}
}

func TestSchemaDocumentIsCurrent(t *testing.T) {
	var buf bytes.Buffer
	if err := Document(context.Background(), &buf); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join("..", "docs", "schema.md")
	if *update {
		if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./sql -update)", err)
	}
	if !bytes.Equal(want, buf.Bytes()) {
		t.Fatalf("docs/schema.md is stale: run `go test -tags=duckdb_arrow ./sql -update`")
	}
}

func TestNamedQueriesParse(t *testing.T) {
	ctx := context.Background()
	db, err := Open(ctx, "", ReadWrite)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	// The world_check queries read the truth through the views that
	// sim.TruthViews makes on their connection: empty ones of the same
	// columns stand in for them here.
	conn, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	for _, table := range sim.TruthTableNames() {
		var cols []string
		for _, c := range sim.TruthColumns(table) {
			cols = append(cols, "CAST(NULL AS VARCHAR) AS "+c)
		}
		if _, err := conn.ExecContext(ctx, "CREATE TEMP VIEW truth_"+table+" AS SELECT "+strings.Join(cols, ", ")+" WHERE false"); err != nil {
			t.Fatal(err)
		}
	}
	for _, name := range QueryNames() {
		q := MustQuery(name)
		if strings.Contains(q, "\n-- step: ") {
			// A file of steps builds temporary tables step by step; the
			// package that runs it checks it, in order (exchange's
			// TestStepsRunOnAnEmptyHistory).
			continue
		}
		// Preparing checks names and types against the real schema.
		stmt, err := conn.PrepareContext(ctx, q)
		if err != nil {
			t.Errorf("query %s: %v", name, err)
			continue
		}
		stmt.Close()
	}
}
